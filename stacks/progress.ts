import { App, ISynthesisSession, TerraformResource, TerraformStack } from 'cdktf';
import { IConstruct } from 'constructs';
import { MonitorCatalog } from '../constructs/monitors/catalog';

/** Where progress goes: a stream that may be a terminal. */
export interface ProgressStream {
  readonly isTTY?: boolean;
  write(text: string): boolean;
}

export interface SynthProgressOptions {
  /** @default process.stderr */
  readonly stream?: ProgressStream;
  /** Read for `CI` and `TERM`. @default process.env */
  readonly env?: Readonly<Record<string, string | undefined>>;
  /** Least time between two redraws of the line. @default 100 */
  readonly intervalMs?: number;
  /** Clock, in milliseconds. @default performance.now */
  readonly now?: () => number;
}

/**
 * One status line for long synths — stacks built, stacks and monitors synthesized, elapsed time — redrawn in place on
 * a terminal. Silent (every method a no-op) when the stream is not a terminal (piped, redirected), when `CI` is set
 * (to anything but '', '0' or 'false'), or when TERM is 'dumb'.
 *
 * ```ts
 * const progress = SynthProgress.forTerminal();
 * const app = buildApp(file, undefined, progress); // calls progress.built(stack) per stack
 * progress.track(app);
 * app.synth();
 * progress.finish();
 * ```
 */
export class SynthProgress {
  public static forTerminal(options: SynthProgressOptions = {}): SynthProgress {
    return new SynthProgress(options);
  }

  /** Whether anything will be written. */
  public readonly enabled: boolean;
  private readonly stream: ProgressStream;
  private readonly intervalMs: number;
  private readonly now: () => number;
  private readonly started: number;
  private lastDraw = -Infinity;
  private built = 0;
  private stacksTotal = 0;
  private stacksDone = 0;
  private monitorsTotal = 0;
  private monitorsDone = 0;
  private current = '';

  private constructor(options: SynthProgressOptions) {
    const env = options.env ?? process.env;
    this.stream = options.stream ?? process.stderr;
    this.intervalMs = options.intervalMs ?? 100;
    this.now = options.now ?? (() => performance.now());
    this.started = this.now();
    const ci = env.CI !== undefined && !['', '0', 'false'].includes(env.CI.toLowerCase());
    this.enabled = this.stream.isTTY === true && !ci && env.TERM !== 'dumb';
  }

  /** Reports one more stack built (constructs created), while the app is being assembled. */
  public stackBuilt(stack: TerraformStack): void {
    if (!this.enabled) return;
    this.built++;
    this.current = stack.node.id;
    this.draw();
  }

  /**
   * Follows the synthesis of every stack of `app`: call after building it and before `app.synth()`. Counts the
   * monitors of each stack (provider monitors and catalog entries) and reports each stack as it is written.
   */
  public track(app: App): void {
    if (!this.enabled) return;
    const stacks = app.node.children.filter(TerraformStack.isStack);
    this.stacksTotal = stacks.length;
    for (const stack of stacks) {
      const monitors = countMonitors(stack);
      this.monitorsTotal += monitors;
      const inner = stack.synthesizer;
      stack.synthesizer = {
        synthesize: (session: ISynthesisSession) => {
          this.current = stack.node.id;
          inner.synthesize(session);
          this.stacksDone++;
          this.monitorsDone += monitors;
          this.draw();
        },
      };
    }
  }

  /** Ends the line with a summary. */
  public finish(): void {
    if (!this.enabled) return;
    const seconds = ((this.now() - this.started) / 1000).toFixed(1);
    this.stream.write(`\r\x1b[2Ksynthesized ${this.stacksDone} stacks, ${fmt(this.monitorsDone)} monitors in ${seconds}s\n`);
  }

  /** Clears the line, e.g. before an error is printed. */
  public clear(): void {
    if (this.enabled) this.stream.write('\r\x1b[2K');
  }

  private draw(): void {
    const t = this.now();
    if (t - this.lastDraw < this.intervalMs) return;
    this.lastDraw = t;
    const seconds = ((t - this.started) / 1000).toFixed(1);
    const text =
      this.stacksTotal === 0
        ? `building stacks: ${this.built} · ${this.current} · ${seconds}s`
        : `synth ${this.stacksDone}/${this.stacksTotal} stacks · ${fmt(this.monitorsDone)}/${fmt(this.monitorsTotal)} monitors · ${this.current} · ${seconds}s`;
    this.stream.write(`\r\x1b[2K${text}`);
  }
}

/** datadog_monitor resources of a stack: provider objects plus the entries of its catalogs. */
export function countMonitors(stack: TerraformStack): number {
  let count = 0;
  const visit = (c: IConstruct): void => {
    if (MonitorCatalog.isMonitorCatalog(c)) count += c.size;
    else if (TerraformResource.isTerraformResource(c) && c.terraformResourceType === 'datadog_monitor') count++;
    for (const child of c.node.children) visit(child);
  };
  visit(stack);
  return count;
}

function fmt(n: number): string {
  return n.toLocaleString('en-US');
}
