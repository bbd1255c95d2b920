// Files the server makes (the audit CSV export), fetched with the session's token, which a plain link
// could not send.
import { ApiError, type GraphQLErrorItem, toCode } from './client';
import { authorizedFetch } from './session';

/** Downloads `path` and saves it under `filename`; rejects with the `ApiError` of a refusal. */
export async function download(path: string, filename: string): Promise<void> {
  let response: Response;
  try {
    response = await authorizedFetch(path);
  } catch (e) {
    if (e instanceof ApiError) throw e;
    throw new ApiError('NETWORK', 'no answer from the server');
  }
  if (!response.ok) {
    let code: unknown;
    let message = response.statusText;
    try {
      const body = (await response.json()) as { errors?: GraphQLErrorItem[] };
      code = body.errors?.[0]?.extensions?.code;
      message = body.errors?.[0]?.message ?? message;
    } catch {
      // A non-JSON refusal: the status decides.
    }
    throw new ApiError(toCode(code, response.status), message);
  }
  const blob = await response.blob();
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = filename;
  document.body.appendChild(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
