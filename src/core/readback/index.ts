export * from './types';
export * from './metadata';
export type { SynthesizedTemplate } from './model';
export * from './reader';
export * from './declared';
export * from './files';
export * from './topology';
export * from './apply';
export * from './size';
