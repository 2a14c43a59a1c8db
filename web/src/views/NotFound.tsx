import { Link } from '../state/router';

export function NotFound({ what = 'page' }: { what?: string }) {
  return (
    <section class="empty-state">
      <h1>Not found</h1>
      <p>This {what} does not exist, or you may not see it.</p>
      <p>
        <Link href="/">Go to the home feed</Link>
      </p>
    </section>
  );
}
