/** The app's version, in a module of its own so that the command line can print it without loading the API. */
export const APP_VERSION = '0.1.0';
