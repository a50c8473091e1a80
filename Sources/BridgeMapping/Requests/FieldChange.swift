/// A change to one field of a tracker object in an update request: set it to a value, or clear
/// it (the service receives JSON `null`).
///
/// An update body holds an optional `FieldChange` per field; `nil` means "not part of this
/// update", so the body carries only the fields that change.
public enum FieldChange<Value: Hashable & Sendable>: Hashable, Sendable {
    /// Set the field to a value.
    case set(Value)
    /// Clear the field (JSON `null`): a due date removed, an assignee unassigned, a checklist
    /// item deleted.
    case clear

    /// The new value, or `nil` for ``clear``.
    public var value: Value? {
        if case .set(let value) = self { return value }
        return nil
    }

    /// The change from `old` to `new`, or `nil` when they are equal.
    public static func between(_ old: Value?, _ new: Value?) -> FieldChange? {
        if old == new { return nil }
        if let new { return .set(new) }
        return .clear
    }
}
