"""The label store: one interface (LabelStore), the engine chosen from a URL in one place."""
from .labels import STATUSES, LabelStore, Saved, StoreError, StoreUnavailable

__all__ = ["STATUSES", "LabelStore", "Saved", "StoreError", "StoreUnavailable", "open_store", "store_target"]


def store_target(settings) -> str:
    """Where the configured store lives: SOURCEMARK_DATABASE_URL, or labels.sqlite3 in the data folder."""
    return settings.database_url or str(settings.data_dir / "labels.sqlite3")


def open_store(settings) -> LabelStore:
    return LabelStore(store_target(settings))
