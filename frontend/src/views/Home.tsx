import { navigate } from "../router";

/** The landing page: what Bear Cave is, and the two ways in. */
export function Home() {
  const go = (to: string) => (event: Event) => {
    event.preventDefault();
    navigate(to);
  };
  return (
    <main class="home">
      <h1>Bear Cave</h1>
      <p class="lede">
        Practise the moment a customer is furious. One player is the bear, a cross-functional
        team handles them, a coach calls what they see, and the same scenario runs again until the
        team gets visibly better.
      </p>
      <p class="home__actions">
        <a class="button" href="/join/" onClick={go("/join/")}>
          Join a game
        </a>
        <a class="button button--secondary" href="/facilitate/" onClick={go("/facilitate/")}>
          Facilitator sign-in
        </a>
      </p>
    </main>
  );
}
