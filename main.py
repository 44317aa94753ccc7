"""HTTP only: routes, request/response models, pages and start-up wiring. The work happens in the services."""

from __future__ import annotations

import asyncio
import logging
import time
import uuid
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

import uvicorn
from fastapi import FastAPI, HTTPException, Query, Request
from fastapi.encoders import jsonable_encoder
from fastapi.exceptions import RequestValidationError
from fastapi.middleware.cors import CORSMiddleware
from fastapi.responses import HTMLResponse, JSONResponse
from fastapi.staticfiles import StaticFiles
from fastapi.templating import Jinja2Templates
from starlette.exceptions import HTTPException as StarletteHTTPException

from demo_data import FlightEstimator, Money, OfflineProvider, curated_keys, curated_summaries, load_curated
from destination_parser import DestinationNotFound, DestinationParser, load_gazetteer
from itinerary_service import (
    InsufficientBudget,
    ItineraryService,
    OriginRequired,
    UnsupportedCurrency,
    reallocate,
)
from models import (
    BudgetValidation,
    CuratedSummary,
    Destination,
    DestinationSuggestion,
    Itinerary,
    ItineraryRequest,
    ItineraryResponse,
    ReallocateBudgetRequest,
    ReallocateBudgetResponse,
    ValidateBudgetRequest,
)
from routing import SolverPool, SolverUnavailable, solve
from settings import Settings
from video_database import Database

ROOT = Path(__file__).resolve().parent
VERSION = "0.1.0"
logger = logging.getLogger("itinerary")
templates = Jinja2Templates(directory=ROOT / "templates")


class Services:
    """Everything the routes need, built once at start-up."""

    def __init__(self, settings: Settings):
        self.settings = settings
        self.database = Database(settings.database_path)
        self.started = time.monotonic()

    async def start(self) -> None:
        await self.database.connect()
        curated = await asyncio.to_thread(load_curated)
        gazetteer = await asyncio.to_thread(load_gazetteer, curated_keys(curated))
        money = Money()
        self.curated = curated
        self.curated_list = curated_summaries(curated, gazetteer)
        self.parser = DestinationParser(gazetteer)
        self.solvers = SolverPool(workers=self.settings.solver_processes) if self.settings.solver_processes else None
        if self.solvers:
            await asyncio.to_thread(self.solvers.warm_up)
        solver = self.solvers.solve if self.solvers else solve
        self.itineraries = ItineraryService(self.parser, OfflineProvider(gazetteer, curated, money), money,
                                            FlightEstimator(money), solver=solver)

    async def stop(self) -> None:
        if self.solvers:
            await asyncio.to_thread(self.solvers.close)
        await self.database.close()


def create_app(settings: Settings | None = None) -> FastAPI:
    settings = settings or Settings.from_env()

    @asynccontextmanager
    async def lifespan(app: FastAPI):
        services = Services(settings)
        await services.start()
        app.state.services = services
        try:
            yield
        finally:
            await services.stop()

    app = FastAPI(title="AI Travel Itinerary Generator", version=VERSION, lifespan=lifespan,
                  description="Plan a real trip from free text: destination, budget, days, pace.")
    if settings.cors_origins:
        app.add_middleware(CORSMiddleware, allow_origins=list(settings.cors_origins), allow_methods=["*"],
                           allow_headers=["*"])
    app.mount("/static", StaticFiles(directory=ROOT / "static"), name="static")
    _add_error_handlers(app)
    _add_api_routes(app)
    _add_pages(app)
    return app


def _services(request: Request) -> Services:
    return request.app.state.services


def _error(status: int, error: str, message: str, **extra: Any) -> JSONResponse:
    return JSONResponse(status_code=status, content=jsonable_encoder({"error": error, "message": message, **extra}))


# ------------------------------------------------------------------------------------------------ errors


def _add_error_handlers(app: FastAPI) -> None:
    @app.exception_handler(RequestValidationError)
    async def invalid_request(request: Request, exc: RequestValidationError) -> JSONResponse:
        details = [
            {"field": ".".join(str(p) for p in e["loc"] if p != "body") or "body", "message": e["msg"]}
            for e in exc.errors()
        ]
        message = "; ".join(f"{d['field']}: {d['message']}" for d in details)
        return _error(422, "invalid_request", message, detail=details)

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, exc: StarletteHTTPException) -> JSONResponse:
        if isinstance(exc.detail, dict):
            return JSONResponse(status_code=exc.status_code, content=exc.detail)
        code = {404: "not_found", 405: "method_not_allowed"}.get(exc.status_code, "http_error")
        return _error(exc.status_code, code, str(exc.detail))

    @app.exception_handler(DestinationNotFound)
    async def unknown_destination(request: Request, exc: DestinationNotFound) -> JSONResponse:
        hint = f" Did you mean {', '.join(exc.suggestions[:3])}?" if exc.suggestions else ""
        return _error(422, "destination_not_found", f"We could not find a place called {exc.text!r}.{hint}",
                      field=exc.field, suggestions=exc.suggestions)

    @app.exception_handler(InsufficientBudget)
    async def insufficient_budget(request: Request, exc: InsufficientBudget) -> JSONResponse:
        v = exc.validation
        return _error(400, "insufficient_budget", v.message, minimum_budget=v.minimum_budget,
                      current_budget=v.current_budget, currency=v.currency, minimum_breakdown=v.breakdown,
                      suggestions=v.suggestions)

    @app.exception_handler(SolverUnavailable)
    async def solver_unavailable(request: Request, exc: SolverUnavailable) -> JSONResponse:
        logging.getLogger(__name__).error("route solver unavailable: %s", exc)
        return _error(503, "planner_unavailable", "The day planner is restarting; please try again in a moment.")

    @app.exception_handler(UnsupportedCurrency)
    async def unsupported_currency(request: Request, exc: UnsupportedCurrency) -> JSONResponse:
        return _error(422, "unsupported_currency", str(exc))

    @app.exception_handler(OriginRequired)
    async def origin_required(request: Request, exc: OriginRequired) -> JSONResponse:
        return _error(422, "origin_required", str(exc))


# ------------------------------------------------------------------------------------------------ API


async def _load_itinerary(services: Services, itinerary_id: str) -> Itinerary:
    data = await services.database.get_itinerary(itinerary_id)
    if data is None:
        raise HTTPException(404, {"error": "not_found", "message": f"No itinerary with id {itinerary_id!r}"})
    return Itinerary.model_validate_json(data)


def _add_api_routes(app: FastAPI) -> None:
    @app.post("/api/create-itinerary", response_model=ItineraryResponse, tags=["itinerary"],
              responses={400: {"description": "insufficient_budget"}, 422: {"description": "invalid request"}})
    async def create_itinerary(body: ItineraryRequest, request: Request) -> ItineraryResponse:
        services = _services(request)
        itinerary = await services.itineraries.create_itinerary(body)
        itinerary_id = uuid.uuid4().hex
        await services.database.save_itinerary(itinerary_id, itinerary.destination.name,
                                               itinerary.model_dump_json())
        return ItineraryResponse(itinerary_id=itinerary_id, itinerary=itinerary)

    @app.get("/api/itinerary/{itinerary_id}", response_model=Itinerary, tags=["itinerary"])
    async def get_itinerary(itinerary_id: str, request: Request) -> Itinerary:
        return await _load_itinerary(_services(request), itinerary_id)

    @app.post("/api/validate-budget", response_model=BudgetValidation, tags=["itinerary"])
    async def validate_budget(body: ValidateBudgetRequest, request: Request) -> BudgetValidation:
        return await _services(request).itineraries.validate_budget(body)

    @app.post("/api/reallocate-budget", response_model=ReallocateBudgetResponse, tags=["itinerary"])
    async def reallocate_budget(body: ReallocateBudgetRequest, request: Request) -> ReallocateBudgetResponse:
        services = _services(request)
        itinerary = await _load_itinerary(services, body.itinerary_id)
        itinerary.budget_breakdown = reallocate(itinerary.budget_breakdown, itinerary.total_budget,
                                                list(body.selected_categories))
        await services.database.update_itinerary(body.itinerary_id, itinerary.model_dump_json())
        return ReallocateBudgetResponse(success=True, budget_breakdown=itinerary.budget_breakdown)

    @app.get("/api/destinations/resolve", response_model=Destination, tags=["destinations"],
             responses={404: {"description": "no such place; suggestions given"}})
    async def resolve_destination(request: Request, q: str = Query(min_length=1, max_length=200)) -> Any:
        try:
            return await _services(request).itineraries.resolve(q)
        except DestinationNotFound as exc:
            return _error(404, "destination_not_found", f"We could not find a place called {q!r}.",
                          suggestions=exc.suggestions)

    @app.get("/api/destinations/suggest", response_model=list[DestinationSuggestion], tags=["destinations"])
    async def suggest_destinations(request: Request, q: str = Query(min_length=1, max_length=200),
                                   limit: int = Query(8, ge=1, le=20)) -> list[DestinationSuggestion]:
        return await asyncio.to_thread(_services(request).parser.suggest, q, limit)

    @app.get("/api/destinations/curated", response_model=list[CuratedSummary], tags=["destinations"])
    async def curated_destinations(request: Request) -> list[CuratedSummary]:
        """The destinations with curated offline places, by continent and name."""
        return _services(request).curated_list

    @app.get("/api/health", tags=["meta"])
    async def health(request: Request) -> dict[str, Any]:
        services = _services(request)
        return {
            "status": "ok", "version": VERSION,
            "uptime_seconds": round(time.monotonic() - services.started, 1),
            "database": {"schema_version": await services.database.schema_version(),
                         "itineraries": await services.database.count_itineraries()},
            "curated_destinations": len(services.curated),
            "solver_processes": services.solvers.alive() if services.solvers else 0,
            "services": {"google_places": bool(services.settings.google_places_api_key),
                         "openai": bool(services.settings.openai_api_key),
                         "kie_ai": bool(services.settings.kie_ai_api_key)},
        }


# ------------------------------------------------------------------------------------------------ pages


def _add_pages(app: FastAPI) -> None:
    @app.get("/", response_class=HTMLResponse, include_in_schema=False)
    async def plan_page(request: Request) -> HTMLResponse:
        return templates.TemplateResponse(request, "index.html", {"version": VERSION})

    @app.get("/itinerary/{itinerary_id}", response_class=HTMLResponse, include_in_schema=False)
    async def itinerary_page(itinerary_id: str, request: Request) -> HTMLResponse:
        data = await _services(request).database.get_itinerary(itinerary_id)
        status = 200 if data is not None else 404
        return templates.TemplateResponse(request, "itinerary.html",
                                          {"itinerary_id": itinerary_id, "found": data is not None},
                                          status_code=status)


app = create_app() if __name__ != "__main__" else None


def main() -> None:
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    settings = Settings.from_env()
    uvicorn.run(create_app(settings), host=settings.host, port=settings.port)


if __name__ == "__main__":
    main()
