export * from './enums';
export * from './issues';
export * from './projects';
export * from './signals';
export * from './prompts';
export * from './operations';
export * from './relations';
