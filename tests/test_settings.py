import pytest

from sourcemark.settings import SETTINGS, SettingsError, describe, load


def test_defaults():
    s = load(environ={})
    assert s.max_text_chars == 200_000 and s.port == 8000 and "moz-extension://*" in s.cors_origins


def test_env_then_overrides():
    s = load({"batch_size": 8}, environ={"SOURCEMARK_BATCH_SIZE": "4", "SOURCEMARK_PORT": "9000"})
    assert s.batch_size == 8 and s.port == 9000


@pytest.mark.parametrize("env,value", [("SOURCEMARK_PORT", "eighty"), ("SOURCEMARK_BATCH_SIZE", "0"),
                                       ("SOURCEMARK_LOG_URLS", "maybe"), ("SOURCEMARK_LOG_LEVEL", "loud"),
                                       ("SOURCEMARK_DATABASE_URL", "mysql://db/x"),
                                       ("SOURCEMARK_REDIS_URL", "memcached://cache"),
                                       ("SOURCEMARK_TRUSTED_PROXIES", "-1")])
def test_bad_values_are_named(env, value):
    with pytest.raises(SettingsError) as err:
        load(environ={env: value})
    assert env in str(err.value) and value in str(err.value)


def test_unknown_override():
    with pytest.raises(SettingsError, match="nonsense"):
        load({"nonsense": 1}, environ={})


def test_every_setting_is_documented():
    rows = describe()
    assert len(rows) == len(SETTINGS) and all(r["help"] and r["env"].startswith("SOURCEMARK_") for r in rows)
