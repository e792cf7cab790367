"""HTTP: routes, admission, guards, metrics, the gunicorn worker and settings, the OpenAPI contract."""
