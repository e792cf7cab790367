"""Model changes over Redis pub/sub: a promotion or rollback announced once reloads every worker of every replica."""
from __future__ import annotations

import logging
import threading
import time
import uuid

import redis

from ..runtime.classifier import ModelError, resolve_model_dir

log = logging.getLogger(__name__)
CHANNEL = "sourcemark:model"


def publish(client: redis.Redis, sender: str = "cli") -> int:
    """Announce that CURRENT changed; returns how many workers were listening."""
    return client.publish(CHANNEL, sender)


class ModelBroadcast:
    """A daemon thread per worker listening on CHANNEL; each message reloads the holder's model.

    Requests in flight keep the classifier they took, so a swap drops none. After a lost
    connection the thread resubscribes and reloads if CURRENT moved while it was away.
    """

    def __init__(self, holder, client: redis.Redis, model_path):
        self.holder, self.client, self.model_path = holder, client, model_path
        self.sender = uuid.uuid4().hex
        self.reloads = 0
        self._thread: threading.Thread | None = None

    def start(self) -> None:
        self._thread = threading.Thread(target=self._run, name="sourcemark-model-broadcast", daemon=True)
        self._thread.start()

    def publish(self) -> None:
        try:
            publish(self.client, self.sender)
        except redis.RedisError as exc:
            log.warning("model change not broadcast (Redis unavailable: %s); other replicas poll CURRENT", exc)

    def _run(self) -> None:
        connected_before, failing = False, False
        while True:
            try:
                pubsub = self.client.pubsub(ignore_subscribe_messages=True)
                pubsub.subscribe(CHANNEL)
                if connected_before or failing:  # messages sent while away are lost: compare CURRENT
                    self._catch_up()
                connected_before, failing = True, False
                while True:
                    # A timeout keeps the socket read short so a dead Redis is noticed.
                    message = pubsub.get_message(timeout=1.0)
                    if message and message["data"].decode() != self.sender:
                        self._reload()
            except (redis.RedisError, OSError) as exc:
                if not failing:
                    log.warning("model broadcast: Redis unavailable (%s); retrying", exc)
                    failing = True
                time.sleep(1.0)

    def _catch_up(self) -> None:
        try:
            if resolve_model_dir(self.model_path) != self.holder.get().folder:
                self._reload()
        except ModelError as exc:
            log.error("model broadcast: %s", exc)

    def _reload(self) -> None:
        try:
            # Every worker of every replica receives the message itself: no local announcement too.
            classifier = self.holder.reload(announce=False)
        except ModelError as exc:
            log.error("new model not loaded, still serving the old one: %s", exc)
            return
        self.reloads += 1
        log.info("model broadcast: now serving %s %s", classifier.name, classifier.version)
