import { describe, expect, it } from 'vitest';
import { roleAuthor } from './git-author.js';

describe('roleAuthor', () => {
  it('derives the name and address from the role id', () => {
    expect(roleAuthor('product_manager')).toEqual({ name: 'Product Manager (Atelier)', email: 'product_manager@atelier.local' });
    expect(roleAuthor('qa')).toEqual({ name: 'Qa (Atelier)', email: 'qa@atelier.local' });
  });

  it('uses the display name when given', () => {
    expect(roleAuthor('qa', 'QA Engineer')).toEqual({ name: 'QA Engineer (Atelier)', email: 'qa@atelier.local' });
  });

  it('keeps the address valid for any custom role id', () => {
    expect(roleAuthor('Data Scientist <x>').email).toBe('data_scientist_x@atelier.local');
    expect(roleAuthor('   ').email).toBe('role@atelier.local');
    expect(roleAuthor('a', 'Evil <x@y>\nName').name).toBe('Evil x@yName (Atelier)');
  });
});
