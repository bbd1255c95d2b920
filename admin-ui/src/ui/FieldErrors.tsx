// Field problems (`userErrors`) next to the fields they name. A payload's `field` is the path of the
// argument, e.g. `["input", "url"]`; a form names its fields by the rest of that path (`url`), and
// problems of no field it shows (or of no field at all) stay in the summary (`UserErrors`).
import type { UserErrorFieldsFragment as UserError } from '../gql/graphql';

/** The name a form gives the field of `error`: its path after `input`, joined with dots. */
export function fieldName(error: UserError): string | null {
  const path = error.field ?? [];
  const rest = path[0] === 'input' ? path.slice(1) : path;
  return rest.length > 0 ? rest.join('.') : null;
}

/** Problems split into those of `fields` (by name) and the rest. */
export function splitByField<F extends string>(
  errors: readonly UserError[],
  fields: readonly F[],
): { byField: Partial<Record<F, string[]>>; rest: UserError[] } {
  const byField: Partial<Record<F, string[]>> = {};
  const rest: UserError[] = [];
  for (const e of errors) {
    const name = fieldName(e);
    const field = fields.find((f) => f === name);
    if (field) (byField[field] ??= []).push(e.message);
    else rest.push(e);
  }
  return { byField, rest };
}

/** The problems of one field, under it; `id` is what its input's `aria-describedby` names. */
export function FieldError({ id, messages }: { id: string; messages: readonly string[] | undefined }) {
  if (!messages || messages.length === 0) return null;
  return (
    <p id={id} className="field-error">
      {messages.join(' ')}
    </p>
  );
}
