export * from './uiStates';
export * from './events';
export * from './commands';
export * from './buttons';
export * from './placement';
export * from './callCardTab';
export * from './values';
export * from './rest';
