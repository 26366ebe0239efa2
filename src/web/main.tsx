import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './app/app.tsx';
import { getMe } from './features/auth/api/get-me.ts';
import './styles.css';

// Who is signed in decides the first screen, so it is known before the first render.
void getMe()
  .catch(() => null)
  .then((initialMe) => {
    createRoot(document.getElementById('root')!).render(
      <StrictMode>
        <App initialMe={initialMe} />
      </StrictMode>,
    );
  });
