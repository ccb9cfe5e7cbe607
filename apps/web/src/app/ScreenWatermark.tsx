/**
 * Screen watermark (issue 3 §8): the user's display name, username and today's date, faint and
 * repeated over the whole page, ignoring the mouse (`pointer-events: none`), to deter photographing
 * screens. Shown when the `screenWatermark` setting is on.
 */
import type { Me } from '@recova/contracts';

export function ScreenWatermark({ me, date }: { me: Pick<Me, 'displayName' | 'username'>; date: string }) {
  const text = `${me.displayName} · ${me.username} · ${date}`;
  const tiles = Array.from({ length: 60 }, (_, i) => i);
  return (
    <div
      data-testid="screen-watermark"
      aria-hidden="true"
      style={{ position: 'fixed', inset: 0, zIndex: 2000, pointerEvents: 'none', overflow: 'hidden', userSelect: 'none', display: 'flex', flexWrap: 'wrap', alignContent: 'flex-start' }}
    >
      {tiles.map((i) => (
        <div key={i} style={{ width: 320, height: 160, display: 'flex', alignItems: 'center', justifyContent: 'center', transform: 'rotate(-22deg)', color: 'rgba(0, 0, 0, 0.07)', fontSize: 15, whiteSpace: 'nowrap' }}>
          {text}
        </div>
      ))}
    </div>
  );
}
