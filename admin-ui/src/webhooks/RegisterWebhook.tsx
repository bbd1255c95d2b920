// Registering a webhook: where to POST, which events, whose (administrators only: a partner admin's
// webhook is always its own partner's), the least score change, a description. Problems are shown
// under the fields they name; on success the page shows the secret, once (`SecretBox`).
import { type FormEvent, useEffect, useId, useRef, useState } from 'react';
import { useApi } from '../api/use-api';
import { useViewer } from '../auth/viewer';
import type {
  CreateWebhookMutation,
  ScoreEventKind,
  UserErrorFieldsFragment as UserError,
} from '../gql/graphql';
import { UserErrors } from '../professionals/ImpactTable';
import { ErrorMessage, Loading } from '../ui/Feedback';
import { FieldError, splitByField } from '../ui/FieldErrors';
import { CreateWebhook } from './operations';
import { EVENT_KINDS, EVENT_KIND_HELP, EVENT_KIND_LABELS } from './labels';

/** The webhook and its secret, as `createWebhook` returned them. */
export interface Registered {
  webhook: NonNullable<CreateWebhookMutation['createWebhook']['webhook']>;
  secret: string;
}

interface Form {
  url: string;
  eventKinds: ScoreEventKind[];
  partnerId: string;
  minPointsChange: string;
  description: string;
}

const EMPTY: Form = {
  url: '',
  eventKinds: [...EVENT_KINDS],
  partnerId: '',
  minPointsChange: '1',
  description: '',
};

const FIELDS = ['url', 'eventKinds', 'partnerId', 'minPointsChange', 'description'] as const;
type Field = (typeof FIELDS)[number];

/** The problems the form finds itself, before asking the server (which checks everything again). */
export function checkForm(form: Form): UserError[] {
  const errors: UserError[] = [];
  const bad = (field: Field, message: string) =>
    errors.push({ field: ['input', field], message, code: 'BAD_USER_INPUT' });
  const url = form.url.trim();
  if (!url) bad('url', 'Enter the URL the deliveries are sent to.');
  else if (!/^https?:\/\/[^/\s]+/i.test(url)) bad('url', 'Enter an absolute http:// or https:// URL.');
  if (form.eventKinds.length === 0) bad('eventKinds', 'Choose at least one event kind.');
  const min = form.minPointsChange.trim();
  const n = Number(min);
  if (min === '' || !Number.isFinite(n) || n < 0 || n > 100 || !/^\d+(\.\d{1,2})?$/.test(min)) {
    bad('minPointsChange', 'Enter a number of points between 0 and 100, with at most 2 decimals.');
  }
  return errors;
}

export function RegisterWebhook({
  onRegistered,
  onCancel,
}: {
  onRegistered: (registered: Registered) => void;
  onCancel: () => void;
}) {
  const viewer = useViewer();
  const id = useId();
  const formRef = useRef<HTMLFormElement>(null);
  const [form, setForm] = useState<Form>(EMPTY);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [userErrors, setUserErrors] = useState<UserError[]>([]);
  const api = useApi();
  const ownPartner = viewer.role === 'PARTNER_ADMIN';
  const { byField, rest } = splitByField(userErrors, FIELDS);
  const errorId = (f: Field) => `${id}-${f}-error`;
  const described = (f: Field, ...more: string[]) =>
    [...more, byField[f] ? errorId(f) : null].filter(Boolean).join(' ') || undefined;

  /** Shows the problems and moves the focus to the first field with one. */
  function show(errors: UserError[]) {
    setUserErrors(errors);
    requestAnimationFrame(() => {
      formRef.current?.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus();
    });
  }

  function toggleKind(kind: ScoreEventKind, on: boolean) {
    setForm((f) => ({
      ...f,
      eventKinds: on ? EVENT_KINDS.filter((k) => k === kind || f.eventKinds.includes(k)) : f.eventKinds.filter((k) => k !== kind),
    }));
  }

  async function submit(event: FormEvent) {
    event.preventDefault();
    setError(null);
    const problems = checkForm(form);
    if (problems.length > 0) {
      show(problems);
      return;
    }
    setUserErrors([]);
    setBusy(true);
    try {
      const partnerId = form.partnerId.trim();
      const description = form.description.trim();
      const result = await api.mutate(CreateWebhook, {
        input: {
          url: form.url.trim(),
          eventKinds: form.eventKinds,
          partnerId: ownPartner ? null : partnerId || null,
          minPointsChange: Number(form.minPointsChange.trim()),
          description: description || null,
        },
      });
      const payload = result.createWebhook;
      if (payload.userErrors.length > 0) {
        show(payload.userErrors);
        return;
      }
      if (!payload.webhook || !payload.secret) {
        setError(new Error('no webhook returned'));
        return;
      }
      setForm(EMPTY);
      onRegistered({ webhook: payload.webhook, secret: payload.secret });
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  }

  const fieldHas = (f: Field) => Boolean(byField[f]);
  return (
    <form ref={formRef} className="card edit-form" onSubmit={submit} aria-labelledby={`${id}-title`} noValidate>
      <h2 id={`${id}-title`} className="section-title">
        Register webhook
      </h2>
      {Object.keys(byField).length > 0 && (
        <p className="alert alert-error" role="alert" data-code="BAD_USER_INPUT">
          Nothing was saved: correct the fields marked below.
        </p>
      )}
      <UserErrors errors={rest} />
      <div className="form-grid">
        <div className="field field-full">
          <label htmlFor={`${id}-url`}>URL</label>
          <input
            id={`${id}-url`}
            type="url"
            inputMode="url"
            autoComplete="off"
            required
            placeholder="https://example.com/partnergraph-events"
            value={form.url}
            onChange={(e) => setForm({ ...form, url: e.target.value })}
            aria-invalid={fieldHas('url') || undefined}
            aria-describedby={described('url', `${id}-url-help`)}
            autoFocus
          />
          <small id={`${id}-url-help`} className="muted">
            Every event is POSTed here as JSON, signed with the webhook&apos;s secret.
          </small>
          <FieldError id={errorId('url')} messages={byField.url} />
        </div>
        <fieldset className="field field-full fieldset" aria-describedby={described('eventKinds', `${id}-kinds-help`)}>
          <legend>Event kinds</legend>
          <div className="checkbox-group">
            {EVENT_KINDS.map((kind) => (
              <label key={kind} className="checkbox">
                <input
                  type="checkbox"
                  value={kind}
                  checked={form.eventKinds.includes(kind)}
                  onChange={(e) => toggleKind(kind, e.target.checked)}
                  aria-invalid={fieldHas('eventKinds') || undefined}
                  aria-describedby={described('eventKinds')}
                />
                <span>
                  <span className="mono">{kind}</span> <span className="muted">{EVENT_KIND_LABELS[kind]}</span>
                </span>
              </label>
            ))}
          </div>
          <small id={`${id}-kinds-help`} className="muted">
            {EVENT_KIND_HELP}
          </small>
          <FieldError id={errorId('eventKinds')} messages={byField.eventKinds} />
        </fieldset>
        {ownPartner ? (
          <p className="field muted small" data-testid="own-partner-note">
            Events of your partner ({viewer.partnerId}) only.
          </p>
        ) : (
          <div className="field">
            <label htmlFor={`${id}-partner`}>Partner (optional)</label>
            <input
              id={`${id}-partner`}
              value={form.partnerId}
              onChange={(e) => setForm({ ...form, partnerId: e.target.value })}
              placeholder="PartnerID"
              aria-invalid={fieldHas('partnerId') || undefined}
              aria-describedby={described('partnerId', `${id}-partner-help`)}
            />
            <small id={`${id}-partner-help`} className="muted">
              Left empty: every partner&apos;s events.
            </small>
            <FieldError id={errorId('partnerId')} messages={byField.partnerId} />
          </div>
        )}
        <div className="field">
          <label htmlFor={`${id}-min`}>Min points change</label>
          <input
            id={`${id}-min`}
            type="number"
            inputMode="decimal"
            min={0}
            max={100}
            step={0.01}
            required
            value={form.minPointsChange}
            onChange={(e) => setForm({ ...form, minPointsChange: e.target.value })}
            aria-invalid={fieldHas('minPointsChange') || undefined}
            aria-describedby={described('minPointsChange', `${id}-min-help`)}
          />
          <small id={`${id}-min-help`} className="muted">
            SCORE_CHANGED only when the total moves by more than this.
          </small>
          <FieldError id={errorId('minPointsChange')} messages={byField.minPointsChange} />
        </div>
        <div className="field field-full">
          <label htmlFor={`${id}-description`}>Description (optional)</label>
          <input
            id={`${id}-description`}
            value={form.description}
            onChange={(e) => setForm({ ...form, description: e.target.value })}
            aria-invalid={fieldHas('description') || undefined}
            aria-describedby={described('description')}
          />
          <FieldError id={errorId('description')} messages={byField.description} />
        </div>
      </div>
      <ErrorMessage error={error} />
      {busy && <Loading label="Registering the webhook…" />}
      <div className="form-actions">
        <button type="submit" className="button button-primary" disabled={busy}>
          Register webhook
        </button>
        <button type="button" className="button button-ghost" onClick={onCancel} disabled={busy}>
          Cancel
        </button>
      </div>
    </form>
  );
}

/**
 * The signing secret of a webhook just registered: the server returns it this once, so it is kept
 * here only until dismissed, never stored or asked for again.
 */
export function SecretBox({ registered, onDismiss }: { registered: Registered; onDismiss: () => void }) {
  const id = useId();
  const [copied, setCopied] = useState<'yes' | 'failed' | null>(null);
  const codeRef = useRef<HTMLElement>(null);
  const boxRef = useRef<HTMLElement>(null);
  // The form that had the focus is gone: the secret is what to read next.
  useEffect(() => boxRef.current?.focus(), []);

  async function copy() {
    try {
      await navigator.clipboard.writeText(registered.secret);
      setCopied('yes');
    } catch {
      // No clipboard (an insecure context or a refusal): select the text for a manual copy.
      const node = codeRef.current;
      const selection = window.getSelection();
      if (node && selection) {
        const range = document.createRange();
        range.selectNodeContents(node);
        selection.removeAllRanges();
        selection.addRange(range);
      }
      setCopied('failed');
    }
  }

  return (
    <section
      ref={boxRef}
      tabIndex={-1}
      className="card secret-box"
      aria-labelledby={`${id}-title`}
      data-testid="webhook-secret"
    >
      <h2 id={`${id}-title`} className="section-title">
        Signing secret of {registered.webhook.url}
      </h2>
      <p className="strong" id={`${id}-once`}>
        Copy this secret now: it will not be shown again.
      </p>
      <div className="secret-value">
        <code ref={codeRef} className="mono" aria-describedby={`${id}-once`} data-testid="webhook-secret-value">
          {registered.secret}
        </code>
        <button type="button" className="button button-secondary button-small" onClick={() => void copy()}>
          Copy secret
        </button>
      </div>
      <p role="status" className="small" aria-live="polite">
        {copied === 'yes' && 'Copied to the clipboard.'}
        {copied === 'failed' && 'The clipboard is not available here: the secret is selected, copy it with Ctrl+C.'}
      </p>
      <p className="small muted">
        Receivers verify each delivery the Standard Webhooks way: HMAC-SHA256, keyed with the bytes of the base64
        after <code>whsec_</code>, over <code>{'{webhook-id}.{webhook-timestamp}.{body}'}</code>, compared with the
        header <code>webhook-signature: v1,&lt;base64&gt;</code>.
      </p>
      <div className="form-actions">
        <button type="button" className="button button-primary" onClick={onDismiss}>
          I have stored the secret
        </button>
      </div>
    </section>
  );
}
