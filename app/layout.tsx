import type { Metadata } from 'next';
import './globals.css';

export const metadata: Metadata = {
  title: 'RAS Eval',
  description: 'Blind human evaluation of region-adaptive sampling for diffusion transformers',
  referrer: 'no-referrer',
};

export default function RootLayout({ children }: { children: React.ReactNode }) {
  return (
    <html lang="en">
      <body className="min-h-screen">{children}</body>
    </html>
  );
}
