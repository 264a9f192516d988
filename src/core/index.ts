export * from './errors';
export * from './sizing/report';
export * from './blocks/common';
