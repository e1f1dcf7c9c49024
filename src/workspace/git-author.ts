export interface GitAuthor {
  name: string;
  email: string;
}

/**
 * The git identity of a role, so `git log` shows which role wrote what:
 * `roleAuthor('product_manager')` is `Product Manager (Atelier) <product_manager@atelier.local>`.
 */
export function roleAuthor(roleId: string, displayName?: string): GitAuthor {
  const slug = roleId
    .trim()
    .toLowerCase()
    .replace(/[^a-z0-9._-]+/g, '_')
    .replace(/^[._-]+|[._-]+$/g, '');
  const name = (displayName?.trim() || titleCase(roleId)).replace(/[<>\n\r]/g, '');
  return { name: `${name} (Atelier)`, email: `${slug || 'role'}@atelier.local` };
}

function titleCase(roleId: string): string {
  return roleId
    .split(/[\s_-]+/)
    .filter((word) => word !== '')
    .map((word) => word.charAt(0).toUpperCase() + word.slice(1))
    .join(' ') || 'Role';
}
