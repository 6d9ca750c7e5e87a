import type { Services } from '../domain/services';
import type { OmuApp } from '../app/omu-app';

/** What queries, replies and actions are given: the services over the open database and the app around them. */
export interface AppDeps {
  services: Services;
  app: OmuApp;
}
