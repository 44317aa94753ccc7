"""Settings from the environment (and `.env`, read once at start); `.env.example` lists every one."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from dotenv import load_dotenv

ROOT = Path(__file__).resolve().parent


def _path(name: str, default: str) -> Path:
    value = Path(os.environ.get(name) or default)
    return value if value.is_absolute() else ROOT / value


@dataclass(frozen=True)
class Settings:
    host: str
    port: int
    database_path: Path
    upload_dir: Path
    video_dir: Path
    max_upload_mb: int
    cors_origins: tuple[str, ...]
    google_places_api_key: str | None
    openai_api_key: str | None
    kie_ai_api_key: str | None
    solver_processes: int = 2  # route-solver worker processes; 0 solves in the server's threads (stalls it)

    @classmethod
    def from_env(cls, read_dotenv: bool = True) -> Settings:
        if read_dotenv:
            load_dotenv(ROOT / ".env", override=False)
        origins = os.environ.get("CORS_ORIGINS", "").strip()
        return cls(
            host=os.environ.get("HOST", "127.0.0.1"),
            port=int(os.environ.get("PORT", "8000")),
            database_path=_path("DATABASE_PATH", "data/app.db"),
            upload_dir=_path("UPLOAD_DIR", "uploads"),
            video_dir=_path("VIDEO_DIR", "videos"),
            max_upload_mb=int(os.environ.get("MAX_UPLOAD_MB", "10")),
            cors_origins=tuple(o.strip() for o in origins.split(",") if o.strip()),
            google_places_api_key=os.environ.get("GOOGLE_PLACES_API_KEY") or None,
            openai_api_key=os.environ.get("OPENAI_API_KEY") or None,
            kie_ai_api_key=os.environ.get("KIE_AI_API_KEY") or None,
            solver_processes=int(os.environ.get("SOLVER_PROCESSES", "2")),
        )
