import type { Metadata } from 'next';
import { connection } from 'next/server';
import './globals.css';

export const metadata: Metadata = {
  title: 'RAS Eval',
  description: 'Blind human evaluation of region-adaptive sampling for diffusion transformers',
  referrer: 'no-referrer',
};

// Every page renders per request, so each gets its own CSP nonce (proxy.ts); nothing here is worth prerendering.
export default async function RootLayout({ children }: { children: React.ReactNode }) {
  await connection();
  return (
    <html lang="en">
      <body className="min-h-screen">{children}</body>
    </html>
  );
}
