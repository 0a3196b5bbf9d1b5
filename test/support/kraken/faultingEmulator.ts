import type http from 'node:http';
import { FaultedResponder, type AnswerSource } from './faultedAnswer.js';
import { FaultPlanner, FaultTable, type Fault, type FaultDialect, type FaultKind, type FaultPlan, type InjectedFault } from './faults.js';
import { LoopbackEmulator, type EmulatedRequest } from './loopbackServer.js';

/**
 * An emulator whose requests meet faults: one-off ones set per route with fault(), and seeded ones drawn from
 * a FaultPlan in the venue's dialect. The spot and the futures emulator are both one, so a fault plan and its
 * bookkeeping (what was injected into which request, what waits to take effect late) mean the same on both.
 */
export abstract class FaultingEmulator<R extends EmulatedRequest> extends LoopbackEmulator {
  readonly requests: R[] = [];
  readonly faults = new FaultTable();
  /** Every fault applied, one-off or planned, in arrival order. */
  readonly injected: InjectedFault[] = [];
  private planner: FaultPlanner | undefined;
  private readonly responder = new FaultedResponder(() => this.now());

  protected constructor(
    now: number,
    speed: number | undefined,
    plan: FaultPlan | undefined,
    private readonly dialect: FaultDialect,
  ) {
    super(now, speed);
    this.setFaultPlan(plan);
  }

  /** Shorthand for faults.set. */
  fault(route: string, fault: Fault): void {
    this.faults.set(route, fault);
  }

  /** Replace (or with undefined, stop) the seeded random faults. */
  setFaultPlan(plan: FaultPlan | undefined): void {
    this.planner = plan && new FaultPlanner(plan, this.dialect);
  }

  /** How many faults of `kind` were injected (on `route` only, if given). */
  faultCount(kind: FaultKind | 'table', route?: string): number {
    return this.injected.filter((f) => f.kind === kind && (route === undefined || f.route === route)).length;
  }

  requestsTo(route: string): R[] {
    return this.requests.filter((r) => r.route === route);
  }

  /** Requests waiting to take effect late (`takeEffectAfterMs`). */
  get lateRequests(): number {
    return this.responder.lateRequests;
  }

  /** Let every request waiting to take effect late do so now (a test decides when an order is booked). */
  async takeEffectNow(): Promise<void> {
    await this.responder.takeEffectNow();
  }

  async close(): Promise<void> {
    if (!this.listening) return;
    this.responder.close();
    await this.stopListening();
  }

  /** The fault for the next request of `route`: a one-off one first, else the plan's draw. */
  protected drawFault(route: string): { kind: FaultKind | 'table'; fault: Fault } | undefined {
    const fault = this.faults.take(route);
    if (fault) return { kind: 'table', fault };
    return this.planner?.draw(route);
  }

  /** Record `entry` with the fault drawn for it, and answer it through the fault pipeline. */
  protected async serve(
    entry: R,
    drawn: { kind: FaultKind | 'table'; fault: Fault } | undefined,
    res: http.ServerResponse,
    source: AnswerSource<R>,
  ): Promise<void> {
    this.requests.push(entry);
    if (drawn) this.injected.push({ route: entry.route, kind: drawn.kind, fault: drawn.fault, request: entry });
    await this.responder.respond(entry, res, source);
  }
}
