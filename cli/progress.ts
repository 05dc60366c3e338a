/**
 * Progress on long waits: on a terminal one live line, rewritten in place with the time waited;
 * elsewhere (CI logs, pipes) a plain line each time what it says changes, so logs stay short.
 */
import { Writer } from "./context";

export class Progress {
    private last = "";
    private live = false;

    constructor(
        private readonly out: Writer,
        private readonly now: () => number,
        private readonly started = now(),
    ) {}

    update(message: string): void {
        const waited = formatSeconds((this.now() - this.started) / 1000);
        if (this.out.isTTY) {
            this.out.write(`\r\x1b[K${message} (${waited})`);
            this.live = true;
        } else if (message !== this.last) {
            this.out.write(`[${waited}] ${message}\n`);
        }
        this.last = message;
    }

    /** Ends the live line so what follows starts on its own. */
    done(message?: string): void {
        if (this.live) this.out.write("\r\x1b[K");
        this.live = false;
        if (message) this.out.write(`${message}\n`);
    }
}

export function formatSeconds(seconds: number): string {
    const s = Math.max(0, Math.round(seconds));
    if (s < 60) return `${s}s`;
    if (s < 3600) return `${Math.floor(s / 60)}m${String(s % 60).padStart(2, "0")}s`;
    return `${Math.floor(s / 3600)}h${String(Math.floor((s % 3600) / 60)).padStart(2, "0")}m`;
}
