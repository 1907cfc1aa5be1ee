"""The day API's bodies and answers, as pydantic models (validated from the JSON text, as the
game's command bodies are; described in the OpenAPI schema by bearcave.api.PydanticBody)."""

from datetime import datetime
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, RootModel

from days.seating import MAX_TABLE_SIZE, MIN_TABLE_SIZE
from games.protocol import ClientFrame

TableNumbers = list[int] | None
TABLES_FIELD = Field(
    default=None,
    description="The table numbers to send it to; every table when left out.",
    max_length=200,
)


class DayCreateBody(ClientFrame):
    """A training day: one code for the room; one scenario for every table, or one per table."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    name: str = Field(min_length=1, max_length=120)
    scenarios: list[str] = Field(
        min_length=1,
        max_length=30,
        description="Scenario ids. One: every table plays it. Several: table 1 plays the "
        "first, table 2 the second, and so on, starting again when there are more tables.",
    )
    rounds: int = Field(default=3, ge=1, le=12, strict=True)
    live_minutes: int | None = Field(
        default=None, ge=1, le=90, strict=True, description="Each scenario's own if left out."
    )
    debrief_minutes: int = Field(default=8, ge=1, le=60, strict=True)
    table_size: int = Field(default=5, ge=MIN_TABLE_SIZE, le=MAX_TABLE_SIZE, strict=True)


class DayJoinBody(ClientFrame):
    """Joining a training day with its code."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    name: str = Field(
        min_length=1, max_length=200, description="Your display name (the game's name rules)."
    )
    function: str = Field(
        default="",
        max_length=60,
        description="Your real function or department, e.g. 'Billing'; the tables are mixed "
        "by it so each is cross-functional. Optional.",
    )


class DayProposeBody(ClientFrame):
    size: int = Field(ge=MIN_TABLE_SIZE, le=MAX_TABLE_SIZE, strict=True, description="At most.")


class DayMoveBody(ClientFrame):
    table: int = Field(
        ge=1, strict=True, description="A table's number; one past the last adds a table."
    )


class DayTablesBody(ClientFrame):
    tables: TableNumbers = TABLES_FIELD


class DayAdvanceBody(ClientFrame):
    override_reason: str = Field(
        default="",
        max_length=500,
        description="Ends an agreement where the table agreed no change (as the console's "
        "override does); the other tables ignore it.",
    )
    tables: TableNumbers = TABLES_FIELD


class DayExtendBody(ClientFrame):
    seconds: int = Field(gt=0, le=3600, strict=True)
    tables: TableNumbers = TABLES_FIELD


class DayInjectBody(ClientFrame):
    inject: str = Field(min_length=1, max_length=64, description="The scenario's inject id.")
    tables: TableNumbers = TABLES_FIELD


class DayAnnounceBody(ClientFrame):
    text: str = Field(min_length=1, max_length=500)
    tables: TableNumbers = TABLES_FIELD


class DayShareBody(ClientFrame):
    user: int = Field(ge=1, strict=True, description="A member of your organisation (their id).")
    role: Literal["co_facilitator", "observer"] | None = Field(
        description="`co_facilitator` runs the tables' games beside you, `observer` watches and "
        "replays them; null stops sharing them with the member."
    )
    tables: TableNumbers = TABLES_FIELD


# Answers ------------------------------------------------------------------------------------


class Answer(BaseModel):
    model_config = ConfigDict(frozen=True)


class InjectRef(Answer):
    id: str
    title: str


class ScenarioRef(Answer):
    slug: str
    version: int
    title: str
    injects: list[InjectRef]


class MemberView(Answer):
    id: int
    name: str
    function: str
    table: int | None
    joined_at: datetime


class TableGame(Answer):
    code: str
    phase: str
    round: int
    total_rounds: int


class Hand(Answer):
    name: str
    at: str


class TableShare(Answer):
    user: int
    username: str
    role: Literal["co_facilitator", "observer"]


class TableView(Answer):
    number: int
    name: str
    scenario: ScenarioRef
    game: TableGame | None = Field(description="Its game, once the tables are open.")
    members: list[int]
    hand: Hand | None = Field(description="Someone at the table asked for help.")
    shares: list[TableShare] = Field(
        description="Members of your organisation the table's game is shared with."
    )


class DayClock(Answer):
    """The day's master clock, read now from every table's phase clock (count on from it
    locally, as from a game's `clock.seconds_left`)."""

    elapsed_seconds: float | None = Field(description="Since the tables opened; null before.")
    seconds_left: float | None = Field(
        description="Until the last table's timed phase (live, debrief) ends: the longest time "
        "left among the running clocks; null when no table is in a timed phase."
    )
    paused: bool = Field(description="No timed table's clock runs: seconds_left stands still.")
    timed_tables: int


class DayView(Answer):
    code: str
    name: str
    opened: bool = Field(description="The tables are games; late joiners are placed at once.")
    join_url: str = Field(description="The link for the wall (and its QR code, qr_url).")
    qr_url: str
    total_rounds: int
    live_minutes: int | None
    debrief_minutes: int
    table_size: int
    created_at: datetime
    opened_at: datetime | None
    clock: DayClock
    scenarios: list[ScenarioRef]
    members: list[MemberView]
    tables: list[TableView]


class DaySummary(Answer):
    code: str
    name: str
    opened: bool
    members: int
    tables: int
    created_at: datetime


class DaySummaries(RootModel[list[DaySummary]]):
    """Your training days, newest first."""


class MemberDay(Answer):
    code: str
    name: str
    opened: bool


class MemberStatus(Answer):
    """What a person who joined the day may know: their own table and, once it is open, their
    game and their own player token for it."""

    day: MemberDay
    id: int
    name: str
    function: str
    table: int | None
    game_code: str | None
    player_token: str | None


class Me(MemberStatus):
    """Your own status in the day (the answer of /me/)."""


class DayJoinResult(Answer):
    token: str = Field(description="Send as `Authorization: Member <token>` to read /me/.")
    member: MemberStatus


class TableResultView(Answer):
    table: int
    ok: bool
    seq: int | None
    code: str = Field(description="The game's error code when the table refused it.")
    message: str


class DayCommandResult(Answer):
    results: list[TableResultView]


class RoundFiguresView(Answer):
    round: int
    time_to_calm_seconds: float | None
    final_mood: int | None
    listened: int | None
    cared: int | None
    valued: int | None
    rating: float | None = Field(description="The mean of listened, cared and valued (1-5).")
    would_stay: str | None
    give_cost: int


class ChangeView(Answer):
    round: int
    text: str


class TableComparison(Answer):
    number: int
    name: str
    game_code: str
    scenario_title: str
    phase: str
    calm_threshold: int
    rounds: list[RoundFiguresView]
    improvement: float | None = Field(
        description="Rating of the last rated round less the first's."
    )
    agreed_changes: list[ChangeView]


class DayComparison(Answer):
    code: str
    name: str
    total_rounds: int
    tables: list[TableComparison]
    most_improved: int | None = Field(description="The table whose rating rose most.")


DayCommand = Literal["advance", "pause", "resume", "extend", "inject", "announce", "lower_hand"]
