// Entry point of the GraphiQL page (graphiql.html), a second page of the admin UI's build so the app's
// own bundle does not carry GraphiQL. Everything it loads is built from npm packages and served by
// partnergraph under /admin/ with the admin UI's content security policy: no CDN, no inline script
// or style, and it works without internet.
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { GraphiQL } from 'graphiql';
import 'graphiql/style.css';
import './graphiql.css';
import { setNavigator } from '../api/client';
import { startSession } from '../api/session';
import { createFetcher, DEFAULT_QUERY } from './setup';

// The admin UI's session in this browser, if any (its cookie): the fetcher signs requests with it. A
// sign-out in an admin UI tab leaves this page where it is (its requests go unsigned from then on).
setNavigator(() => {});
void startSession();
const fetcher = createFetcher();

const root = document.getElementById('root');
if (root) {
  createRoot(root).render(
    <StrictMode>
      <GraphiQL
        fetcher={fetcher}
        defaultQuery={DEFAULT_QUERY}
        defaultEditorToolsVisibility="headers"
        // Tokens stay out of localStorage, as in the admin UI (which keeps its token in memory only).
        shouldPersistHeaders={false}
        showPersistHeadersSettings={false}
      >
        <GraphiQL.Logo>
          <a className="pg-graphiql-home" href="/admin/">
            partnergraph
          </a>
        </GraphiQL.Logo>
      </GraphiQL>
    </StrictMode>,
  );
}
