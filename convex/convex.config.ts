/** The deployment's components: Cloudflare R2 for usage exports and call-log archives (convex/objects.ts). */
import { defineApp } from 'convex/server';
import r2 from '@convex-dev/r2/convex.config';

const app = defineApp();
app.use(r2);
export default app;
