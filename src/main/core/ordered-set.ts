interface Link<T> {
  item: T
  prev: Link<T> | undefined
  next: Link<T> | undefined
}

/**
 * Items in the order they were pushed, with O(1) push, delete and shift: a queue from which
 * items can also leave early. (A plain `Set` can do this too, but in V8 finding its first item
 * walks past every slot deleted since the table was last rebuilt, so a `Set` used as a queue
 * slows down as its history grows.)
 */
export function createOrderedSet<T>() {
  const links = new Map<T, Link<T>>()
  let first: Link<T> | undefined
  let last: Link<T> | undefined

  const remove = (item: T): boolean => {
    const link = links.get(item)
    if (!link) return false
    links.delete(item)
    if (link.prev) link.prev.next = link.next
    else first = link.next
    if (link.next) link.next.prev = link.prev
    else last = link.prev
    return true
  }

  return {
    get size() {
      return links.size
    },
    /** Puts the item last; one already in moves to the end. */
    push(item: T) {
      remove(item)
      const link: Link<T> = { item, prev: last, next: undefined }
      if (last) last.next = link
      else first = link
      last = link
      links.set(item, link)
    },
    delete: remove,
    /** Takes out the first item. */
    shift(): T | undefined {
      const item = first?.item
      if (first) remove(first.item)
      return item
    },
    clear() {
      links.clear()
      first = last = undefined
    },
    *[Symbol.iterator](): Iterator<T> {
      for (let link = first; link; link = link.next) yield link.item
    },
  }
}
export type OrderedSet<T> = ReturnType<typeof createOrderedSet<T>>
