// The console's style sheet: dense tables readable at 1280×800, status colours that also carry a
// text label (never colour alone), and a focus ring that is always visible.

export const consoleStyle = `
:root { --fg:#1b1f24; --muted:#57606a; --line:#d0d7de; --bg:#fff; --head:#f6f8fa; --accent:#0a58ca;
  --error:#b42318; --error-bg:#fde8e7; --warning:#6e4700; --warning-bg:#fff4d6; --ok:#0f5323; --ok-bg:#e6f4ea;
  --info:#0848a3; --info-bg:#e7f0fd; font: 13px/1.4 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; }
* { box-sizing: border-box; }
body { margin: 0; color: var(--fg); background: var(--bg); }
a { color: var(--accent); }
:focus-visible { outline: 3px solid #ff8c00; outline-offset: 1px; }
.skip { position: absolute; left: -999px; top: 0; background: #fff; padding: 4px 8px; z-index: 10; }
.skip:focus { left: 4px; }
.top { display: flex; align-items: center; gap: 16px; padding: 6px 12px; background: #24292f; color: #fff; }
.brand { font-weight: 700; letter-spacing: .5px; }
.top nav ul { display: flex; gap: 2px; list-style: none; margin: 0; padding: 0; }
.top nav a { color: #fff; text-decoration: none; padding: 4px 10px; border-radius: 4px; display: block; }
.top nav a[aria-current="page"] { background: #57606a; }
.top nav a:hover { background: #3d444d; }
.status { margin-left: auto; color: #d0d7de; font-size: 12px; }
main { padding: 10px 14px 40px; }
main:focus { outline: none; }
h1 { font-size: 18px; margin: 4px 0 8px; }
h2 { font-size: 15px; margin: 16px 0 6px; }
h3 { font-size: 13px; margin: 12px 0 4px; }
table { border-collapse: collapse; width: 100%; margin: 4px 0 10px; }
th, td { border-bottom: 1px solid var(--line); padding: 3px 6px; text-align: left; vertical-align: top; }
th { background: var(--head); font-weight: 600; position: sticky; top: 0; }
tbody tr:hover { background: #f3f6fa; }
td.nowrap, .nowrap { white-space: nowrap; word-break: normal; }
td.mono, .mono { font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; font-size: 12px; word-break: break-all; }
.badge { display: inline-block; padding: 0 6px; border-radius: 8px; font-size: 12px; font-weight: 600; white-space: nowrap; }
.sev-error { color: var(--error); background: var(--error-bg); }
.sev-warning { color: var(--warning); background: var(--warning-bg); }
.sev-ok { color: var(--ok); background: var(--ok-bg); }
.sev-info { color: var(--info); background: var(--info-bg); }
.cov-exact { color: var(--ok); background: var(--ok-bg); }
.cov-wildcard { color: var(--info); background: var(--info-bg); }
.cov-missing, .cov-wildcard-not-allowed { color: var(--error); background: var(--error-bg); }
.cov-optional { color: var(--muted); background: var(--head); }
.toolbar { display: flex; flex-wrap: wrap; gap: 8px; align-items: end; margin: 6px 0; }
.toolbar label, form label { display: flex; flex-direction: column; font-size: 12px; color: var(--muted); gap: 2px; }
input, select, button, textarea { font: inherit; }
input[type=text], input[type=search], input[type=password], input[type=datetime-local], select { padding: 3px 6px; border: 1px solid #8c959f; border-radius: 4px; min-width: 180px; }
button { padding: 4px 10px; border: 1px solid #8c959f; border-radius: 4px; background: var(--head); cursor: pointer; }
button.primary { background: var(--accent); color: #fff; border-color: var(--accent); }
button:disabled { opacity: .6; cursor: default; }
.pager { display: flex; gap: 8px; align-items: center; margin: 4px 0; }
.cards { display: flex; flex-wrap: wrap; gap: 8px; margin: 6px 0 10px; }
.card { border: 1px solid var(--line); border-radius: 6px; padding: 6px 10px; min-width: 130px; }
.card b { display: block; font-size: 18px; }
.banner { border: 1px solid #d4a72c; background: var(--warning-bg); padding: 6px 10px; border-radius: 6px; margin: 6px 0; }
.banner ol { margin: 4px 0; padding-left: 20px; }
.error-box { border: 1px solid var(--error); background: var(--error-bg); padding: 6px 10px; border-radius: 6px; margin: 6px 0; }
dl.props { display: grid; grid-template-columns: max-content 1fr; gap: 2px 12px; margin: 4px 0 8px; }
dl.props dt { color: var(--muted); }
dl.props dd { margin: 0; font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; font-size: 12px; word-break: break-all; }
.columns { display: grid; grid-template-columns: 1fr 1fr; gap: 14px; }
.use-block { border: 1px solid var(--line); border-radius: 6px; padding: 4px 10px 8px; margin: 8px 0; }
pre.lines { background: #f6f8fa; border: 1px solid var(--line); padding: 6px 8px; margin: 4px 0; white-space: pre-wrap; word-break: break-all; font-size: 12px; }
.finding { border-left: 4px solid var(--line); padding: 4px 8px; margin: 4px 0; background: #fbfcfd; }
.finding.sev-error { border-left-color: var(--error); background: #fff; color: inherit; }
.finding.sev-warning { border-left-color: #d4a72c; background: #fff; color: inherit; }
.finding .fix { margin-top: 2px; }
.muted { color: var(--muted); }
.progress { width: 320px; height: 12px; }
svg text { font-size: 11px; fill: #1b1f24; }
.visually-hidden { position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0); white-space: nowrap; }
fieldset { border: 1px solid var(--line); border-radius: 6px; margin: 8px 0; padding: 6px 10px 10px; }
legend { font-weight: 600; }
.row { display: flex; flex-wrap: wrap; gap: 10px; align-items: end; }
`;
