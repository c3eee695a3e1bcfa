import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App';
import { ApiProblem, api } from './api/client';
import i18n, { ready } from './i18n';
import './styles.css';

const queries = new QueryClient({
  defaultOptions: {
    queries: {
      // A problem the caller caused (4xx) is not retried; a lost connection is, a little.
      retry: (count, error) => !(error instanceof ApiProblem && error.status >= 400) && count < 2,
      refetchOnWindowFocus: false,
      // Offline, ask anyway and say so (with a retry): the default pauses the query, and the page
      // would show "Loading…" for as long as the connection is gone.
      networkMode: 'always',
    },
    mutations: { networkMode: 'always' },
  },
});

// The API answers in the app's language (reasons, economy names): every request says which, and
// what was read in another language is read again.
api.use({
  onRequest({ request }) {
    request.headers.set('Accept-Language', i18n.language);
    return request;
  },
});
i18n.on('languageChanged', () => void queries.invalidateQueries());

void ready.then(() =>
  createRoot(document.getElementById('root')!).render(
    <StrictMode>
      <QueryClientProvider client={queries}>
        <App />
      </QueryClientProvider>
    </StrictMode>,
  ),
);
