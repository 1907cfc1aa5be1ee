import { playerTokens } from "./api/client";
import { match, navigate, path } from "./router";
import { Compare } from "./views/Compare";
import { Console } from "./views/Console";
import { DayConsole, DayJoin, DayWall } from "./views/Day";
import { Facilitate } from "./views/Facilitate";
import { Home } from "./views/Home";
import { Join } from "./views/Join";
import { Organisation } from "./views/Organisation";
import { Tokens } from "./views/Tokens";
import { Play } from "./views/Play";
import { Practice } from "./views/Practice";
import { Replay } from "./views/Replay";
import { ScenarioHistory } from "./views/ScenarioHistory";
import { SeatPreview } from "./views/SeatPreview";
import { Studio } from "./views/Studio";
import { StudioEditor } from "./views/StudioEditor";
import { TrainingDay } from "./views/TrainingDay";
import { Wall } from "./views/Wall";

export function App() {
  void path.value;
  const playReplay = match(/^\/play\/([^/]+)\/replay\/(\d+)\/?$/);
  if (playReplay?.[0] && playReplay[1]) {
    const token = playerTokens.get(playReplay[0]);
    if (token) return <Replay code={playReplay[0]} round={Number(playReplay[1])} token={token} />;
  }
  const play = match(/^\/play\/([^/]+)\/?$/);
  if (play?.[0]) {
    const token = playerTokens.get(play[0]);
    if (!token) {
      navigate(`/join/${play[0]}`);
      return null;
    }
    return <Play code={play[0]} token={token} />;
  }
  const join = match(/^\/join\/?([^/]*)\/?$/);
  if (join) return <Join code={join[0] ?? ""} />;
  if (match(/^\/facilitate\/day\/?$/)) return <TrainingDay />;
  if (match(/^\/facilitate\/organisation\/?$/)) return <Organisation />;
  if (match(/^\/facilitate\/tokens\/?$/)) return <Tokens />;
  const dayJoin = match(/^\/day\/?([^/]*)\/?$/);
  if (dayJoin) return <DayJoin key={dayJoin[0] ?? ""} code={dayJoin[0] ?? ""} />;
  const dayWall = match(/^\/facilitate\/days\/([^/]+)\/wall\/?$/);
  if (dayWall?.[0]) return <DayWall code={dayWall[0]} />;
  const dayConsole = match(/^\/facilitate\/days\/([^/]+)\/?$/);
  if (dayConsole?.[0]) return <DayConsole code={dayConsole[0]} />;
  const replay = match(/^\/facilitate\/([^/]+)\/replay\/(\d+)\/?$/);
  if (replay?.[0] && replay[1]) return <Replay code={replay[0]} round={Number(replay[1])} />;
  const wall = match(/^\/facilitate\/([^/]+)\/wall\/?$/);
  if (wall?.[0]) return <Wall code={wall[0]} />;
  const compare = match(/^\/facilitate\/([^/]+)\/compare\/?$/);
  if (compare?.[0]) return <Compare code={compare[0]} />;
  const console = match(/^\/facilitate\/([^/]+)\/?$/);
  if (console?.[0]) return <Console code={console[0]} />;
  if (match(/^\/facilitate\/?$/)) return <Facilitate />;
  const preview = match(/^\/studio\/drafts\/(\d+)\/preview\/([a-z0-9:-]+)\/?$/);
  if (preview?.[0] && preview[1]) return <SeatPreview draft={Number(preview[0])} seat={preview[1]} />;
  const practice = match(/^\/studio\/drafts\/(\d+)\/try\/([^/]+)\/?$/);
  if (practice?.[0] && practice[1]) {
    const token = playerTokens.get(practice[1]);
    if (token) return <Practice draft={Number(practice[0])} code={practice[1]} token={token} />;
    navigate(`/facilitate/${practice[1]}`);
    return null;
  }
  const draft = match(/^\/studio\/drafts\/(\d+)\/?$/);
  if (draft?.[0]) return <StudioEditor key={draft[0]} id={Number(draft[0])} />;
  const history = match(/^\/studio\/scenarios\/([a-z0-9-]+)\/history\/?$/);
  if (history?.[0]) return <ScenarioHistory slug={history[0]} />;
  if (match(/^\/studio\/?$/)) return <Studio />;
  return <Home />;
}
