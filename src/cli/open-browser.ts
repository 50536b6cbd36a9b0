// Opens a URL in the user's browser when there is one to open: $BROWSER (none: never), else the
// platform's opener, and on Linux only with a display. Never waits for it and never fails the
// command: the URL is printed anyway.

import { spawn } from 'node:child_process';

export interface BrowserEnvironment {
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly platform: NodeJS.Platform;
}

/** The command that would open `url`, or null when none should run. Pure. */
export function browserCommand(url: string, where: BrowserEnvironment): readonly string[] | null {
  const chosen = where.env.BROWSER;
  if (chosen === 'none') return null;
  if (chosen !== undefined && chosen !== '') return [chosen, url];
  if (where.platform === 'darwin') return ['open', url];
  if (where.platform === 'win32') return ['cmd', '/c', 'start', '""', url];
  const display = (where.env.DISPLAY ?? '') !== '' || (where.env.WAYLAND_DISPLAY ?? '') !== '';
  return display ? ['xdg-open', url] : null;
}

export function openBrowser(url: string, where: BrowserEnvironment): boolean {
  const command = browserCommand(url, where);
  if (command === null) return false;
  try {
    const child = spawn(command[0]!, command.slice(1), { stdio: 'ignore', detached: true });
    child.on('error', () => {});
    child.unref();
    return true;
  } catch {
    return false;
  }
}
