import { playerTokens } from "./api/client";
import { match, navigate, path } from "./router";
import { Compare } from "./views/Compare";
import { Console } from "./views/Console";
import { Facilitate } from "./views/Facilitate";
import { Home } from "./views/Home";
import { Join } from "./views/Join";
import { Play } from "./views/Play";
import { Replay } from "./views/Replay";
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
  const replay = match(/^\/facilitate\/([^/]+)\/replay\/(\d+)\/?$/);
  if (replay?.[0] && replay[1]) return <Replay code={replay[0]} round={Number(replay[1])} />;
  const wall = match(/^\/facilitate\/([^/]+)\/wall\/?$/);
  if (wall?.[0]) return <Wall code={wall[0]} />;
  const compare = match(/^\/facilitate\/([^/]+)\/compare\/?$/);
  if (compare?.[0]) return <Compare code={compare[0]} />;
  const console = match(/^\/facilitate\/([^/]+)\/?$/);
  if (console?.[0]) return <Console code={console[0]} />;
  if (match(/^\/facilitate\/?$/)) return <Facilitate />;
  return <Home />;
}
