/** The landing page: what Bear Cave is, and the way in for a facilitator. */
export function Home() {
  return (
    <main class="home">
      <h1>Bear Cave</h1>
      <p class="lede">
        Practise the moment a customer is furious. One player is the bear, a cross-functional
        team handles them, a coach calls what they see, and the same scenario runs again until the
        team gets visibly better.
      </p>
      <p>
        <a class="button" href="/admin/">
          Facilitator sign-in
        </a>
      </p>
    </main>
  );
}
