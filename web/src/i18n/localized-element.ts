/**
 * The base of every element that renders `msg`: it re-renders when the language changes, so a switch
 * (WWE, Settings or the browser) reaches every screen at once, with no element's state lost.
 */
import { LitElement } from 'lit';
import { StoreController } from '../controllers/store-controller.ts';
import { language } from './language.ts';

export class LocalizedElement extends LitElement {
  constructor() {
    super();
    new StoreController(this, () => language);
  }
}
