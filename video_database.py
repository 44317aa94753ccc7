"""All SQLite: one aiosqlite connection in WAL mode, schema versioned with PRAGMA user_version.

Itineraries live here so they survive restarts; the video tables join them with the video issue.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import aiosqlite

# Each entry moves the schema one version up; never edit one that has shipped, append a new one.
MIGRATIONS: tuple[str, ...] = (
    """
    CREATE TABLE itineraries (
        itinerary_id TEXT PRIMARY KEY,
        destination TEXT NOT NULL,
        data TEXT NOT NULL,
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL
    );
    CREATE INDEX itineraries_created ON itineraries(created_at);
    """,
)


class Database:
    def __init__(self, path: Path | str):
        self.path = Path(path)
        self._connection: aiosqlite.Connection | None = None

    @property
    def connection(self) -> aiosqlite.Connection:
        if self._connection is None:
            raise RuntimeError("Database.connect() has not been awaited")
        return self._connection

    async def connect(self) -> None:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self._connection = await aiosqlite.connect(self.path)
        self._connection.row_factory = aiosqlite.Row
        await self._connection.execute("PRAGMA journal_mode=WAL")
        await self._connection.execute("PRAGMA synchronous=NORMAL")
        await self._connection.execute("PRAGMA foreign_keys=ON")
        await self._migrate()

    async def close(self) -> None:
        if self._connection is not None:
            await self._connection.close()
            self._connection = None

    async def schema_version(self) -> int:
        async with self.connection.execute("PRAGMA user_version") as cursor:
            row = await cursor.fetchone()
        return int(row[0])

    async def _migrate(self) -> None:
        version = await self.schema_version()
        for number, script in enumerate(MIGRATIONS[version:], start=version + 1):
            await self.connection.executescript(f"BEGIN;\n{script}\nPRAGMA user_version = {number};\nCOMMIT;")

    # ---------------------------------------------------------------------------------------- itineraries

    async def save_itinerary(self, itinerary_id: str, destination: str, data: str) -> None:
        now = _now()
        await self.connection.execute(
            "INSERT INTO itineraries (itinerary_id, destination, data, created_at, updated_at) VALUES (?, ?, ?, ?, ?)",
            (itinerary_id, destination, data, now, now),
        )
        await self.connection.commit()

    async def update_itinerary(self, itinerary_id: str, data: str) -> bool:
        cursor = await self.connection.execute(
            "UPDATE itineraries SET data = ?, updated_at = ? WHERE itinerary_id = ?", (data, _now(), itinerary_id)
        )
        await self.connection.commit()
        return cursor.rowcount == 1

    async def get_itinerary(self, itinerary_id: str) -> str | None:
        async with self.connection.execute(
            "SELECT data FROM itineraries WHERE itinerary_id = ?", (itinerary_id,)
        ) as cursor:
            row = await cursor.fetchone()
        return row["data"] if row else None

    async def count_itineraries(self) -> int:
        async with self.connection.execute("SELECT COUNT(*) FROM itineraries") as cursor:
            row = await cursor.fetchone()
        return int(row[0])


def _now() -> str:
    return dt.datetime.now(dt.UTC).isoformat(timespec="seconds")
