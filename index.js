// Package entry for plain Node (no TypeScript loader needed): loads the TypeScript sources through tsx.
import { tsImport } from 'tsx/esm/api';

const simulator = await tsImport('./simulator/index.ts', import.meta.url);

export const { startSimulator, createApp, ManualClock, SimClock } = simulator;
