"""`sourcemark db`: apply the store's migrations and show its schema revision."""
from __future__ import annotations

import click


def _engine():
    from ..settings import SettingsError, load
    from . import store_target
    from .engine import database_url, make_engine

    try:
        settings = load()
    except SettingsError as exc:
        raise click.ClickException(str(exc)) from None
    url = database_url(store_target(settings))
    return make_engine(url), url


def _shown(url: str) -> str:
    from sqlalchemy.engine import make_url
    return make_url(url).render_as_string(hide_password=True)


@click.group()
def db():
    """The label store's schema (SOURCEMARK_DATABASE_URL, or labels.sqlite3 in SOURCEMARK_DATA_DIR)."""


@db.command("upgrade")
def db_upgrade():
    """Apply every pending migration (serve also does this at start-up); safe to run again."""
    from sqlalchemy.exc import SQLAlchemyError

    from .migrate import SchemaError, upgrade

    engine, url = _engine()
    try:
        before, after = upgrade(engine)
    except (SchemaError, SQLAlchemyError) as exc:
        raise click.ClickException(f"{_shown(url)}: {exc}") from None
    finally:
        engine.dispose()
    click.echo(f"{_shown(url)}: {before or 'empty'} -> {after}")


@db.command("current")
def db_current():
    """Print the store's schema revision and this code's head."""
    from sqlalchemy.exc import SQLAlchemyError

    from .migrate import current, head

    engine, url = _engine()
    try:
        click.echo(f"{_shown(url)}: {current(engine) or 'empty'} (head {head()})")
    except SQLAlchemyError as exc:
        raise click.ClickException(f"{_shown(url)}: {exc}") from None
    finally:
        engine.dispose()


def register(cli: click.Group) -> None:
    cli.add_command(db)
