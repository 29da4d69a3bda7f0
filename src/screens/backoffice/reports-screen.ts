// The back office's reports screen, as a small state machine the session
// hands its keys to: ↑↓ pick a report, ←→ a period (or type the dates), Enter
// shows it as a table; in the table ↑↓ PgUp PgDn scroll, ←→ change the
// period, Esc goes back to the choice. The figures come from the same core
// services as `pos report`, so both always agree.
import { localDate } from '../../core/basics/clock.js';
import type { Core } from '../../core/shop/core.service.js';
import { PosError } from '../../core/basics/errors.js';
import type { KeyEvent } from '../keys.js';
import type { ScreenMessage } from './customers-screen.js';
import { listCursor } from '../list-cursor.js';
import {
  hoursTable,
  PERIOD_CHOICES,
  presetPeriod,
  REPORT_KINDS,
  salesTable,
  topTable,
  typedPeriod,
  voidsTable,
  type Period,
  type PeriodChoice,
  type ReportKind,
  type ReportTable,
} from './report-table.js';

export interface ReportsState {
  view: 'pick' | 'table';
  kindIndex: number;
  period: PeriodChoice;
  /** the dates typed for a custom period */
  custom: string;
  table: ReportTable | null;
  /** first row shown */
  scroll: number;
}

export type ReportsOutcome = { close: true } | { close: false; message?: ScreenMessage };

export class ReportsScreen {
  state: ReportsState = { view: 'pick', kindIndex: 0, period: 'today', custom: '', table: null, scroll: 0 };

  constructor(private readonly core: Core, private readonly locale: 'fr' | 'en', private readonly onChange: (state: ReportsState) => void) {}

  private set(patch: Partial<ReportsState>): void {
    this.state = { ...this.state, ...patch };
    this.onChange(this.state);
  }

  /** The days the chosen period covers; a typed one that can't be read throws. */
  period(): Period {
    if (this.state.period !== 'custom') return presetPeriod(this.state.period, this.core.clock());
    const typed = typedPeriod(this.state.custom || localDate(this.core.clock()), this.locale);
    if (typeof typed === 'string') throw new PosError(typed);
    return typed;
  }

  /** The table of one report over one period, from the core services. */
  async build(kind: ReportKind, period: Period): Promise<ReportTable> {
    if (kind === 'voids') return voidsTable(await this.core.reports.voids(period), period, this.locale);
    if (kind === 'hours') return hoursTable(await this.core.timeClock.hours(period.from, period.to), this.locale);
    if (kind === 'top') return topTable(await this.core.reports.salesBy('article', period), this.locale);
    return salesTable(kind, await this.core.reports.salesBy(kind, period), this.locale);
  }

  private async run(): Promise<ReportsOutcome> {
    const table = await this.build(REPORT_KINDS[this.state.kindIndex]!, this.period());
    this.set({ view: 'table', table, scroll: 0 });
    return { close: false, message: null };
  }

  private turnPeriod(step: number): void {
    const n = PERIOD_CHOICES.length;
    this.set({ period: PERIOD_CHOICES[(PERIOD_CHOICES.indexOf(this.state.period) + step + n) % n]! });
  }

  async handle(event: KeyEvent): Promise<ReportsOutcome> {
    return this.state.view === 'table' ? this.handleTable(event) : this.handlePick(event);
  }

  private async handlePick(event: KeyEvent): Promise<ReportsOutcome> {
    if (event.type === 'text') {
      // Typing a date chooses the typed period.
      this.set({ period: 'custom', custom: this.state.custom + event.text.replace(/[^\d\- ]/g, '') });
      return { close: false };
    }
    if (event.type !== 'key') return { close: false };
    const n = REPORT_KINDS.length;
    switch (event.name) {
      case 'up':
        this.set({ kindIndex: (this.state.kindIndex - 1 + n) % n });
        break;
      case 'down':
        this.set({ kindIndex: (this.state.kindIndex + 1) % n });
        break;
      case 'left':
        this.turnPeriod(-1);
        break;
      case 'right':
        this.turnPeriod(1);
        break;
      case 'backspace':
        this.set({ custom: this.state.custom.slice(0, -1) });
        break;
      case 'enter':
        return this.run();
      case 'escape':
        if (this.state.custom) this.set({ custom: '' });
        else return { close: true };
    }
    return { close: false };
  }

  private async handleTable(event: KeyEvent): Promise<ReportsOutcome> {
    if (event.type !== 'key') return { close: false };
    const moved = listCursor(event.name, this.state.scroll, this.state.table?.rows.length ?? 0);
    if (moved !== null) this.set({ scroll: moved });
    else if (event.name === 'left' || event.name === 'right') {
      this.turnPeriod(event.name === 'left' ? -1 : 1);
      return this.run();
    } else if (event.name === 'escape') {
      this.set({ view: 'pick', table: null, scroll: 0 });
      return { close: false, message: null };
    }
    return { close: false };
  }
}
