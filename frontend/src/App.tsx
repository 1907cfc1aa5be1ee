import { Home } from "./views/Home";

export function App() {
  return <Home />;
}
