import json

import pytest

from ..conftest import build_tiny_model


@pytest.fixture()
def two_versions(models_dir):
    """models_dir (CURRENT: tiny-v1, version v1) plus tiny-v2 (version v2), not yet promoted."""
    build_tiny_model(models_dir / "tiny-v2", seed=1)
    (models_dir / "tiny-v2" / "sourcemark.json").write_text(json.dumps({"name": "tiny", "version": "v2"}))
    return models_dir
