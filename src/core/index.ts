export * from './errors';
export * from './sizing/report';
export * from './blocks/common';
export * from './blocks/load-balanced-api';
export * from './catalog';
export * from './router';
