import { packageConfig } from '../../tsup.shared';

// CommonJS splits too: `@video/auth/verify` then shares the error and credentials classes of the
// main entry (`instanceof` holds, and a `Credentials` object from either entry is accepted).
export default packageConfig({ index: 'src/index.ts', verify: 'src/verify.ts' }, { splitting: true });
