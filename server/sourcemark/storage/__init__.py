"""The label store: one interface (LabelStore), the engine chosen from a URL in one place."""
from .labels import STATUSES, LabelStore, Saved, StoreError

__all__ = ["STATUSES", "LabelStore", "Saved", "StoreError"]
