/**
 * One running phase of one plugin instance (an "event" in Kong's protocol): the plugin's PDK calls
 * go out to Kong one by one as answers to HandleEvent / Step*, and Kong's answers come back in.
 *
 * The event ends — and its owner must drop it — as soon as the last message Kong will ever read
 * has been handed out: `'ret'`, or a non-returning PDK call (`kong.response.exit`,
 * `kong.response.error`), after which Kong never sends another Step for it. kong-pdk 0.6.0 only
 * ended events on `'ret'`, so every request answered by `kong.response.exit` leaked one.
 */
import KongPDK from 'kong-pdk/pdk';
import { MSG_RET, NON_RETURNING_METHODS, type PdkCall } from './protocol';

export type Outgoing = PdkCall | typeof MSG_RET;

type Answer = [unknown, unknown];

interface Waiter<T> {
  resolve(value: T): void;
  reject(err: Error): void;
}

export class PluginEvent {
  /** Messages of the plugin not yet handed to Kong (more than one only if the plugin makes concurrent calls). */
  private readonly outbox: Outgoing[] = [];
  private outboxWaiter: Waiter<Outgoing> | undefined;
  /** PDK calls of the plugin waiting for Kong's answer, oldest first. */
  private readonly answerWaiters: Waiter<Answer>[] = [];
  private ended = false;
  /** When the last message was handed to Kong and no answer has come yet (ms), else undefined. */
  private waitingForKongSince: number | undefined;

  readonly kong: unknown;

  constructor(readonly id: number, readonly instanceId: number, readonly phase: string, private readonly now: () => number = Date.now) {
    this.kong = new KongPDK({
      put: (message) => this.fromPlugin(message),
      get: () => this.nextAnswer(),
    }).kong;
  }

  get isEnded(): boolean {
    return this.ended;
  }

  /** The plugin's phase function has returned (or thrown): Kong gets `'ret'`. */
  pluginReturned(): void {
    if (!this.ended) this.push(MSG_RET);
  }

  /** Waits for the next message for Kong. Once it is `'ret'` or a non-returning call, the event has ended. */
  next(): Promise<Outgoing> {
    const queued = this.outbox.shift();
    if (queued !== undefined) return Promise.resolve(this.handOut(queued));
    if (this.ended) return Promise.reject(new Error(`event ${this.id} has ended`));
    return new Promise<Outgoing>((resolve, reject) => {
      this.outboxWaiter = { resolve: (m) => resolve(this.handOut(m)), reject };
    });
  }

  /** Kong's answer to the oldest pending PDK call (`Step*` → result, `StepError` → error). */
  answer(data: unknown, isError: boolean): void {
    this.waitingForKongSince = undefined;
    const waiter = this.answerWaiters.shift();
    if (waiter === undefined) throw new Error(`event ${this.id} has no pending PDK call`);
    waiter.resolve(isError ? [undefined, data] : [data, undefined]);
  }

  /** True when Kong was handed a PDK call and has not answered for `ttlMs` (its request is gone). */
  isAbandoned(ttlMs: number): boolean {
    return this.waitingForKongSince !== undefined && this.now() - this.waitingForKongSince > ttlMs;
  }

  /** Ends the event from outside (abandoned by Kong, instance closed): the plugin's pending calls fail. */
  abort(reason: string): void {
    this.ended = true;
    this.outbox.length = 0;
    this.failPending(reason);
    const waiter = this.outboxWaiter;
    this.outboxWaiter = undefined;
    waiter?.reject(new Error(reason));
  }

  private fromPlugin(message: { Method: string; Args: unknown[] }): void {
    if (this.ended) return; // the plugin goes on after the request was answered: nobody listens
    this.push({ Method: message.Method, Args: message.Args });
  }

  private nextAnswer(): Promise<Answer> {
    if (this.ended) {
      return Promise.reject(new KongPDK.Error(`PDK call on event ${this.id} after the request was answered`));
    }
    return new Promise<Answer>((resolve, reject) => this.answerWaiters.push({ resolve, reject }));
  }

  private push(message: Outgoing): void {
    if (message === MSG_RET || NON_RETURNING_METHODS.has(message.Method)) this.ended = true;
    const waiter = this.outboxWaiter;
    if (waiter !== undefined) {
      this.outboxWaiter = undefined;
      waiter.resolve(message);
    } else {
      this.outbox.push(message);
    }
  }

  private handOut(message: Outgoing): Outgoing {
    if (message === MSG_RET || NON_RETURNING_METHODS.has(message.Method)) {
      // Kong will not answer: whatever the plugin still awaits can never come.
      this.outbox.length = 0;
      this.failPending(`event ${this.id} ended with ${message === MSG_RET ? MSG_RET : message.Method}`);
    } else {
      this.waitingForKongSince = this.now();
    }
    return message;
  }

  private failPending(reason: string): void {
    this.waitingForKongSince = undefined;
    for (const waiter of this.answerWaiters.splice(0)) waiter.reject(new KongPDK.Error(reason));
  }
}
