// The member pools of a role scenario: each request adds one outsider and removes one member.

/** A first-in, first-out queue over an array, with amortized O(1) take and put. */
class Queue {
  #items;
  #head = 0;

  constructor(items) {
    this.#items = [...items];
  }

  get size() {
    return this.#items.length - this.#head;
  }

  take() {
    if (this.size === 0) throw new Error('the queue is empty');
    const item = this.#items[this.#head];
    this.#head += 1;
    if (this.#head > 1024 && this.#head * 2 > this.#items.length) {
      this.#items = this.#items.slice(this.#head);
      this.#head = 0;
    }
    return item;
  }

  put(item) {
    this.#items.push(item);
  }
}

/**
 * Picks, for each request, an outsider to add and a member to remove, and assumes the swap
 * succeeds. Ids go to the back of the other queue, so an id comes up again only after every
 * other id of that queue: with more ids than connections no two requests in flight touch the
 * same user. `reset` reloads the pools from the server's member list before a scenario, which
 * repairs any drift left by earlier scenarios. Requests cut off at the end of the warm-up
 * leave at most one drifted id per connection. A drifted swap changes less and may answer 204,
 * but never fails: adding an existing member or removing a non-member is not an error.
 */
export class MemberSwap {
  #members = new Queue([]);
  #outsiders = new Queue([]);

  reset(memberIds, candidateIds) {
    const members = new Set(memberIds);
    this.#members = new Queue(memberIds);
    this.#outsiders = new Queue(candidateIds.filter((id) => !members.has(id)));
  }

  get memberCount() {
    return this.#members.size;
  }

  /**
   * Returns the next swap. With no members (when seeding them failed) it returns two outsiders,
   * so the request is still sent and its status recorded.
   */
  next() {
    if (this.#outsiders.size < 2) throw new Error('a role scenario needs at least 2 outsiders');
    if (this.#members.size === 0) {
      const add = this.#outsiders.take();
      const remove = this.#outsiders.take();
      this.#outsiders.put(add);
      this.#outsiders.put(remove);
      return { add, remove };
    }
    const add = this.#outsiders.take();
    const remove = this.#members.take();
    this.#members.put(add);
    this.#outsiders.put(remove);
    return { add, remove };
  }
}
