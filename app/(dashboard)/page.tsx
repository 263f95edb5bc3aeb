/** The dashboard's front door: the integrations, where a person starts. */
import { redirect } from 'next/navigation';

export default function Home() {
  redirect('/integrations');
}
