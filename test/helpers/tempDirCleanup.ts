import { afterAll } from 'vitest';
import { removeTempDirs } from './tempDir.ts';

/** Setup file of every vitest project: the temp folders a test file made (tempDir()) go when it ends. */
afterAll(removeTempDirs);
