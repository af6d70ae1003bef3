import { packageConfig } from '../../tsup.shared';

export default packageConfig({ index: 'src/index.ts', toolkit: 'src/toolkit.ts', undici: 'src/undici/index.ts', zod: 'src/zod.ts' });
