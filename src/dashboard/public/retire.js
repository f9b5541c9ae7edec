// Retiring the accord shown (DELETE /accords/{id}, admin role): asked for twice, since it resolves its alerts on every channel.
import { deleteJson, needsKey } from './api.js';
import { h } from './format.js';

/** A button that retires `accord` once the user confirms, then calls `onRetired`; a refusal is passed to `onError`. */
export function retireButton(accord, { onRetired, onError }) {
  const button = h(
    'button',
    { type: 'button', class: 'secondary retire-accord', title: 'Retire this accord (admin): its history stays, its alerts resolve' },
    'Retire accord',
  );
  button.addEventListener('click', async () => {
    if (
      !confirm(`Retire "${accord.name}"? Its firing alerts resolve and it leaves the list; its history stays, and a PUT defines it again.`)
    )
      return;
    button.disabled = true;
    try {
      await deleteJson(`/accords/${encodeURIComponent(accord.id)}`);
      onRetired();
    } catch (error) {
      button.disabled = false;
      onError(
        new Error(needsKey(error) ? 'Retiring needs an API key with the admin role: enter one above' : `Retire failed: ${error.message}`),
      );
    }
  });
  return button;
}
