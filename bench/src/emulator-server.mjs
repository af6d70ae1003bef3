// The emulator (@video/emulator, built) as a child process (`fork`), with the bench's Vonage
// credentials and its defaults otherwise: it reports `{ url }` over IPC and exits with its parent.
import { startEmulator } from '@video/emulator';
import { APPLICATION_ID, PRIVATE_KEY } from './fixtures.mjs';

const emu = await startEmulator({ vonage: { applicationId: APPLICATION_ID, privateKey: PRIVATE_KEY } });
process.send?.({ url: emu.url });
process.on('disconnect', () => void emu.stop().then(() => process.exit(0)));
