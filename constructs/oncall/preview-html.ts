import type { OnCallPreview, PreviewHour, TeamPreview } from './preview';
import { WEEKDAYS } from './time';

/*
 * The preview as a page people would rather look at than read: per team, one calendar per week (days across, hours
 * down, a coloured block per primary with the secondary under it, nobody on call in red), then who carries how much.
 * Self-contained HTML: no script, no external asset, prints on paper.
 */

const PALETTE = ['#4f7cff', '#2fb37a', '#f08c2e', '#a35ee8', '#e0487a', '#1aa6b7', '#c9a227', '#6b8e23', '#d9603b', '#5c6bc0'];

const escape = (s: string) => s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

/** `ines.moreau@example.com` → `Ines Moreau`. */
export function displayName(email: string): string {
  return email
    .split('@')[0]!
    .split(/[._-]+/)
    .filter(Boolean)
    .map((w) => w[0]!.toUpperCase() + w.slice(1))
    .join(' ');
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** `2026-12-07T10:00:00+01:00` → its local parts (the preview's times are local to the team's zone). */
function parts(rfc: string): { date: string; year: number; month: number; day: number; hour: number; minute: number } {
  const [date, time] = rfc.split('T') as [string, string];
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  return { date, year: y, month: m, day: d, hour: Number(time.slice(0, 2)), minute: Number(time.slice(3, 5)) };
}

function weekdayOf(date: string): number {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  return (new Date(Date.UTC(y, m - 1, d)).getUTCDay() + 6) % 7;
}

interface Block {
  startIndex: number;
  count: number;
  first: PreviewHour;
  endLabel: string;
}

function dayBlocks(hours: readonly PreviewHour[]): Block[] {
  const blocks: Block[] = [];
  hours.forEach((h, i) => {
    const last = blocks[blocks.length - 1];
    const same = last && last.first.primary === h.primary && last.first.secondary === h.secondary && !!last.first.override === !!h.override;
    if (same) last.count += 1;
    else blocks.push({ startIndex: i, count: 1, first: h, endLabel: '' });
  });
  for (const b of blocks) {
    const end = b.startIndex + b.count;
    b.endLabel = end >= hours.length ? '24:00' : hours[end]!.start.slice(11, 16);
  }
  return blocks;
}

function teamSection(t: TeamPreview): string {
  const people = [...new Set([...t.fairness.map((f) => f.who), ...t.hours.flatMap((h) => [h.primary, h.secondary]).filter((x): x is string => x !== null)])];
  const colour = new Map(people.map((p, i) => [p, PALETTE[i % PALETTE.length]!]));
  // Hours grouped by local day, days by week.
  const days = new Map<string, PreviewHour[]>();
  for (const h of t.hours) {
    const d = parts(h.start).date;
    days.set(d, [...(days.get(d) ?? []), h]);
  }
  const dayList = [...days];
  const weeks: [string, PreviewHour[]][][] = [];
  for (let i = 0; i < dayList.length; i += 7) weeks.push(dayList.slice(i, i + 7));
  const hourLabels = Array.from({ length: 24 }, (_, h) => `<div class="hour" style="top:${(h / 24) * 100}%">${String(h).padStart(2, '0')}:00</div>`).join('');
  const weekHtml = weeks
    .map((week) => {
      const first = parts(week[0]![1][0]!.start);
      const columns = week
        .map(([date, hours]) => {
          const p = parts(hours[0]!.start);
          const blocks = dayBlocks(hours)
            .map((b) => {
              const top = (b.startIndex / hours.length) * 100;
              const height = (b.count / hours.length) * 100;
              const range = `${b.first.start.slice(11, 16)}–${b.endLabel}`;
              if (b.first.primary === null) {
                return `<div class="block uncovered" style="top:${top}%;height:${height}%" title="Nobody on call ${range}"><strong>Nobody on call</strong><span class="time">${range}</span></div>`;
              }
              const c = colour.get(b.first.primary)!;
              const second =
                b.first.secondary === b.first.primary
                  ? '<span class="second warn">also secondary</span>'
                  : b.first.secondary
                    ? `<span class="second">2nd: ${escape(displayName(b.first.secondary))}</span>`
                    : '';
              const badge = b.first.override ? '<span class="badge">override</span>' : '';
              const clash = b.first.primary === b.first.secondary ? ' clash' : '';
              return (
                `<div class="block${b.first.override ? ' override' : ''}${clash}" style="top:${top}%;height:${height}%;--c:${c}" ` +
                `title="${escape(displayName(b.first.primary))} ${range}${b.first.secondary ? `, secondary ${escape(displayName(b.first.secondary))}` : ''}" data-primary="${escape(b.first.primary)}">` +
                `<strong>${escape(displayName(b.first.primary))}</strong>${badge}${second}<span class="time">${range}</span></div>`
              );
            })
            .join('');
          const weekend = weekdayOf(date) >= 5 ? ' weekend' : '';
          return `<div class="col"><div class="dayhead${weekend}">${WEEKDAYS[weekdayOf(date)]!.slice(0, 3)} <b>${p.day}</b> ${MONTHS[p.month - 1]}</div><div class="day${weekend}">${blocks}</div></div>`;
        })
        .join('');
      return `<section class="week"><h3>Week of ${first.day} ${MONTHS[first.month - 1]} ${first.year}</h3><div class="grid"><div class="col hours"><div class="dayhead">&nbsp;</div><div class="day">${hourLabels}</div></div>${columns}</div></section>`;
    })
    .join('');
  const legend = people.map((p) => `<li><span class="swatch" style="background:${colour.get(p)}"></span>${escape(displayName(p))} <span class="email">${escape(p)}</span></li>`).join('');
  const rows = t.fairness
    .map(
      (f) =>
        `<tr><td><span class="swatch" style="background:${colour.get(f.who)}"></span>${escape(displayName(f.who))}</td><td>${f.primaryShifts}</td><td>${f.primaryHours}</td><td>${f.secondaryHours}</td><td>${f.nightHours}</td><td>${f.weekendHours}</td></tr>`,
    )
    .join('');
  let uncoveredHtml =
    t.uncovered.length === 0
      ? `<p class="ok">Every hour has someone on the primary${t.doubleBooked.length === 0 ? ', and nobody is primary and secondary at once' : ''}.</p>`
      : `<ul class="gaps">${t.uncovered.map((u) => `<li>Nobody on call ${u.start.replace('T', ' ').slice(0, 16)} – ${u.end.replace('T', ' ').slice(0, 16)} (${u.hours} h)</li>`).join('')}</ul>`;
  const conflicts = t.doubleBooked.map((d) => `<li>${escape(displayName(d.who))} is primary and secondary at once ${d.start.replace('T', ' ').slice(0, 16)} – ${d.end.replace('T', ' ').slice(0, 16)} (${d.hours} h)</li>`).join('');
  if (conflicts) uncoveredHtml = `${uncoveredHtml}<ul class="gaps conflicts">${conflicts}</ul>`;
  return `<article class="team" id="team-${escape(t.team)}">
<header><h2>${escape(t.name)}</h2><p class="meta">${escape(t.timeZone)} · ${t.from.slice(0, 10)} to ${t.to.slice(0, 10)} · times are local to the team</p></header>
<ul class="legend">${legend}</ul>
${weekHtml}
<h3>Load over the period</h3>
<table class="fairness"><thead><tr><th>Person</th><th>Primary shifts</th><th>Primary hours</th><th>Secondary hours</th><th>Night hours (22–07)</th><th>Weekend hours</th></tr></thead><tbody>${rows}</tbody></table>
<h3>Uncovered and double-booked</h3>
${uncoveredHtml}
</article>`;
}

const STYLE = `
:root{--ink:#1d2433;--muted:#6b7385;--line:#e3e6ee;--bg:#f6f7fb;--card:#fff;--hour:22px}
*{box-sizing:border-box}body{margin:0;font:14px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:var(--ink);background:var(--bg)}
main{max-width:1180px;margin:0 auto;padding:28px 24px 48px}
h1{font-size:22px;margin:0 0 4px}h2{font-size:19px;margin:0}h3{font-size:15px;margin:22px 0 8px}
.sub{color:var(--muted);margin:0 0 20px}
.team{background:var(--card);border:1px solid var(--line);border-radius:12px;padding:20px 22px;margin:0 0 24px;box-shadow:0 1px 2px rgba(20,30,60,.04)}
.meta{color:var(--muted);margin:2px 0 0}
.legend{display:flex;flex-wrap:wrap;gap:6px 18px;list-style:none;padding:0;margin:14px 0 0}
.legend .email{color:var(--muted);font-size:12px}
.swatch{display:inline-block;width:11px;height:11px;border-radius:3px;margin-right:6px;vertical-align:-1px}
.grid{display:grid;grid-template-columns:52px repeat(7,1fr);border:1px solid var(--line);border-radius:10px;overflow:hidden}
.col{border-left:1px solid var(--line)}.col.hours{border-left:0}
.dayhead{height:30px;line-height:30px;text-align:center;font-size:12px;color:var(--muted);border-bottom:1px solid var(--line);background:#fbfcfe;text-transform:capitalize}
.dayhead b{color:var(--ink);font-size:13px}.dayhead.weekend{background:#f4f2fb}
.day{position:relative;height:calc(24 * var(--hour));background:repeating-linear-gradient(to bottom,transparent 0,transparent calc(var(--hour) - 1px),#f0f2f7 calc(var(--hour) - 1px),#f0f2f7 var(--hour))}
.day.weekend{background-color:#faf9fd}
.hour{position:absolute;right:6px;margin-top:2px;font-size:10px;line-height:1;color:var(--muted)}
.block{position:absolute;left:3px;right:3px;border-radius:6px;padding:3px 6px;overflow:hidden;font-size:12px;line-height:1.3;
  background:color-mix(in srgb,var(--c) 16%,white);border-left:4px solid var(--c);color:var(--ink)}
.block strong{display:block;font-weight:600;white-space:nowrap;overflow:hidden;text-overflow:ellipsis}
.block .second,.block .time{display:block;color:var(--muted);font-size:11px;white-space:nowrap;overflow:hidden;text-overflow:ellipsis}
.block.override{border:1px dashed var(--c);border-left:4px solid var(--c)}
.badge{display:inline-block;font-size:10px;padding:0 5px;border-radius:8px;background:var(--c);color:#fff;margin:1px 0}
.block.uncovered{background:repeating-linear-gradient(45deg,#fde4e4 0,#fde4e4 6px,#fbd0d0 6px,#fbd0d0 12px);border-left:4px solid #d93636;color:#8f1d1d}
.block.uncovered .time{color:#8f1d1d}
.block.clash{outline:2px solid #d93636;outline-offset:-2px}.block .second.warn{color:#b42323;font-weight:600}
table.fairness{border-collapse:collapse;width:100%;font-size:13px}
.fairness th,.fairness td{padding:7px 10px;border-bottom:1px solid var(--line);text-align:right}
.fairness th:first-child,.fairness td:first-child{text-align:left}.fairness th{color:var(--muted);font-weight:600;font-size:12px}
.ok{color:#1f7a4d}.gaps{color:#a12828}
footer{color:var(--muted);font-size:12px}
@media print{body{background:#fff}.team{box-shadow:none;break-inside:avoid}}
`;

/** The preview as one HTML page. `source` names the accounts file (and overrides) in the page. */
export function previewHtml(preview: OnCallPreview, source: string): string {
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>On-call preview</title><style>${STYLE}</style></head>
<body><main>
<h1>Who is on call</h1>
<p class="sub">From ${escape(source)}: the schedules houndstack deploys, with local overrides laid on top.</p>
${preview.teams.map(teamSection).join('\n')}
<footer>Overrides (vacations, swaps) exist in no Terraform provider: enter them in Datadog On-Call or PagerDuty once they look right here. Generated by <code>houndstack oncall preview</code>.</footer>
</main></body></html>
`;
}
