import type { Metadata } from 'next';
import Link from 'next/link';
import { connection } from 'next/server';
import type { ReactNode } from 'react';
import { serverDescription } from '@/lib/vllm';
import './globals.css';

export const metadata: Metadata = {
  title: 'vllm-ai-provider playground',
  description: 'useChat, structured output and a live server dashboard on vLLM with the AI SDK.',
};

export default function RootLayout({ children }: { children: ReactNode }) {
  return (
    <html lang="en">
      <body>
        <header className="header">
          <strong>vllm-ai-provider playground</strong>
          <nav>
            <Link href="/">Chat</Link>
            <Link href="/object">Structured output</Link>
            <Link href="/transcribe">Speech to text</Link>
            <Link href="/server">Server</Link>
          </nav>
        </header>
        <main className="main">{children}</main>
        <ServerFooter />
      </body>
    </html>
  );
}

/** Which vLLM server the app talks to (read per request: VLLM_BASE_URL may be set at startup). */
async function ServerFooter() {
  await connection();
  return (
    <footer className="footer" data-testid="server-url">
      vLLM: {serverDescription()}
    </footer>
  );
}
